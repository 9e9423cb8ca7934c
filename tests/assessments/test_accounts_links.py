"""Activation, "forgot password" and password change, through the real pages."""

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from assessments.accounts.services import account_activation_send
from assessments.accounts.tokens import ActivationTokenGenerator, activation_token, reset_token
from assessments.models import AccountEvent
from tests.factories import EmployeeFactory, HrOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "ม้าลายกินหญ้า-2569"
LINK = re.compile(r"https?://\S+/accounts/(?:activate|password/reset)/\S+/")


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def not_activated(**kw):
    """A person as the import leaves them: an account with an unusable password."""
    person = EmployeeFactory(email="somsri@example.go.th", **kw)
    person.user.password = make_password(None)
    person.user.save()
    return person


def link_in(message) -> str:
    return LINK.search(message.body).group(0).replace("http://127.0.0.1:8000", "")


def set_password(client, link, password=NEW_PASSWORD):
    """Follow the link (the token moves into the session) and set the password."""
    form_page = client.get(link)
    assert form_page.status_code == 302  # to the token-free address
    return client.post(form_page.url, {"new_password1": password, "new_password2": password})


def test_activation_sets_the_password_signs_in_and_lands_on_the_forms(client):
    person = not_activated()
    hr = HrOfficerFactory(agency=person.agency).user
    account_activation_send(employee=person, by=hr)
    [message] = mail.outbox
    assert message.to == ["somsri@example.go.th"]
    assert person.employee_number in message.body
    response = set_password(client, link_in(message))
    assert response.status_code == 302
    assert response.url == reverse("assessments:my_forms")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("assessments:my_forms")).status_code == 200  # signed in
    kinds = list(AccountEvent.objects.filter(employee=person).order_by("at")
                 .values_list("kind", "by"))
    assert kinds == [("activation_sent", hr.pk), ("activated", None)]


def test_an_activation_link_works_once(client):
    person = not_activated()
    account_activation_send(employee=person)
    link = link_in(mail.outbox[0])
    set_password(client, link)
    again = Client().get(link, follow=True)
    assert "ลิงก์นี้ใช้ไม่ได้" in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_an_activation_link_expires(client, settings, monkeypatch):
    settings.ACCOUNT_ACTIVATION_DAYS = 7
    person = not_activated()
    token = activation_token.make_token(person.user)
    later = activation_token._now() + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(ActivationTokenGenerator, "_now", lambda self: later)
    assert not activation_token.check_token(person.user, token)
    monkeypatch.setattr(ActivationTokenGenerator, "_now",
                        lambda self: later - dt.timedelta(minutes=2))
    assert activation_token.check_token(person.user, token)  # still within 7 days


def test_a_wrong_or_foreign_token_is_refused(client):
    person = not_activated()
    uid = link_in(_send(person)).split("/")[-3]
    for token in ("abc-123", "zzzz", reset_token.make_token(person.user)):
        page = client.get(reverse("account_activate", args=[uid, token]))
        assert page.status_code == 200
        assert "ลิงก์นี้ใช้ไม่ได้" in page.content.decode()
    # ... and an activation token is no reset token either.
    page = client.get(reverse("password_reset_confirm",
                              args=[uid, activation_token.make_token(person.user)]))
    assert "ลิงก์นี้ใช้ไม่ได้" in page.content.decode()
    person.user.refresh_from_db()
    assert not person.user.has_usable_password()


def _send(person):
    account_activation_send(employee=person)
    return mail.outbox[-1]


def test_a_deactivated_person_cannot_use_their_link(client):
    person = not_activated()
    link = link_in(_send(person))
    person.is_active = False
    person.save()
    assert "ลิงก์นี้ใช้ไม่ได้" in client.get(link, follow=True).content.decode()


def test_password_rules_speak_thai(client):
    person = not_activated()
    response = set_password(client, link_in(_send(person)), password="12345")
    text = response.content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 10 ตัวอักษร" in text
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in text
    response = client.post(response.wsgi_request.path, {
        "new_password1": "password123", "new_password2": "password123"})
    assert "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย" in response.content.decode()
    person.user.refresh_from_db()
    assert not person.user.has_usable_password()


def forgot(client, email, **extra):
    with_commit = extra.pop("capture")
    with with_commit(execute=True):
        return client.post(reverse("password_reset"), {"email": email}, **extra)


def page_text(response) -> str:
    """The page less its CSRF token, which differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_forgot_password_answers_alike_whether_or_not_the_address_exists(
        client, django_capture_on_commit_callbacks):
    EmployeeFactory(email="known@example.go.th")
    known = forgot(client, "known@example.go.th", capture=django_capture_on_commit_callbacks)
    unknown = forgot(client, "nobody@example.go.th",
                     capture=django_capture_on_commit_callbacks)
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.url == reverse("password_reset_done")
    assert page_text(client.get(known.url)) == page_text(client.get(unknown.url))
    assert [m.to for m in mail.outbox] == [["known@example.go.th"]]


def test_a_person_who_never_activated_gets_a_working_reset_link(
        client, django_capture_on_commit_callbacks):
    """Django's stock PasswordResetForm skips unusable passwords: exactly these people."""
    person = not_activated()
    forgot(client, "SOMSRI@example.go.th", capture=django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "/accounts/password/reset/" in message.body
    response = set_password(Client(), link_in(message))
    assert response.url == reverse("assessments:my_forms")
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)
    assert set(AccountEvent.objects.filter(employee=person).values_list("kind", flat=True)) \
        == {"reset_sent", "activated"}


def test_a_reset_link_works_once_and_ends_other_sessions(
        client, django_capture_on_commit_callbacks):
    person = EmployeeFactory(email="known@example.go.th")
    elsewhere = Client()
    elsewhere.force_login(person.user)
    forgot(client, "known@example.go.th", capture=django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    set_password(client, link)
    assert elsewhere.get(reverse("assessments:my_forms")).status_code == 302  # to login
    assert "ลิงก์นี้ใช้ไม่ได้" in Client().get(link, follow=True).content.decode()


def test_deactivated_people_get_no_reset_mail(client, django_capture_on_commit_callbacks):
    EmployeeFactory(email="gone@example.go.th", is_active=False)
    forgot(client, "gone@example.go.th", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_forgot_password_is_throttled_per_address(
        client, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_PER_HOUR = 2
    EmployeeFactory(email="known@example.go.th")
    statuses = [forgot(client, "known@example.go.th",
                       capture=django_capture_on_commit_callbacks).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    # An unknown address is counted and refused the same way.
    statuses = [forgot(client, "nobody@example.go.th",
                       capture=django_capture_on_commit_callbacks).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_forgot_password_is_throttled_per_client_address(
        client, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR = 3
    statuses = [forgot(client, f"p{i}@example.go.th",
                       capture=django_capture_on_commit_callbacks).status_code
                for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    other = forgot(client, "p9@example.go.th", REMOTE_ADDR="10.0.0.9",
                   capture=django_capture_on_commit_callbacks)
    assert other.status_code == 302


def test_bad_input_on_forgot_password_is_a_thai_message(client):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    assert response.status_code == 200
    assert "โปรดกรอกอีเมลให้ถูกต้อง" in response.content.decode()


def test_changing_the_password_ends_every_other_session():
    user = UserFactory()
    here, phone, tablet = Client(), Client(), Client()
    for c in (phone, tablet):
        c.force_login(user)
    here.force_login(user)
    assert Session.objects.count() == 3
    response = here.post(reverse("password_change"), {
        "old_password": "correct-horse-battery",
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert here.get(reverse("home")).wsgi_request.user.is_authenticated  # this one stays
    for c in (phone, tablet):
        assert not c.get(reverse("home")).wsgi_request.user.is_authenticated
    assert Session.objects.count() == 1  # the others are deleted, not only refused
    assert AccountEvent.objects.filter(user=user, kind="password_changed").count() == 1


def test_a_wrong_current_password_changes_nothing():
    user = UserFactory()
    other = Client()
    other.force_login(user)
    here = Client()
    here.force_login(user)
    response = here.post(reverse("password_change"), {
        "old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert "รหัสผ่านปัจจุบันไม่ถูกต้อง" in response.content.decode()
    assert other.get(reverse("home")).wsgi_request.user.is_authenticated


def test_the_invitation_carries_an_activation_link_for_people_who_never_activated(
        client, django_capture_on_commit_callbacks):
    from assessments.services import round_open
    from tests.builders import make_team

    team = make_team(size=2, open_round=False)
    newcomer, regular = team.staff
    newcomer.user.password = make_password(None)
    newcomer.user.save()
    for e in (newcomer, regular):
        e.email = f"{e.employee_number.lower()}@example.go.th"
        e.save()
    with django_capture_on_commit_callbacks(execute=True):
        round_open(rnd=team.rnd)
    by_person = {m.to[0]: m for m in mail.outbox}
    invitation = by_person[newcomer.email]
    assert "/accounts/activate/" in invitation.body
    assert "/accounts/activate/" not in by_person[regular.email].body
    response = set_password(client, link_in(invitation))
    assert response.url == reverse("assessments:my_forms")
    assert AccountEvent.objects.get(employee=newcomer, kind="activation_sent").note \
        == team.rnd.name_th
