"""HR's side of accounts: status on the people list, the account page, resending
the activation, lifting a lockout, links for a selection or everyone."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.accounts.services import accounts_activation_send
from assessments.models import AccountEvent
from tests.factories import AgencyFactory, EmployeeFactory, HrOfficerFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def never_activated(person, email=True):
    person.user.password = make_password(None)
    person.user.save()
    if email:
        person.email = f"{person.employee_number.lower()}@example.go.th"
        person.save()
    return person


def lock_out(username):
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": username, "password": "wrong"})
    return client


@pytest.fixture
def agency():
    agency = AgencyFactory()
    agency.unit = OrgUnitFactory(agency=agency)
    agency.hr = HrOfficerFactory(agency=agency).user
    return agency


def hr_client(agency):
    client = Client()
    client.force_login(agency.hr)
    return client


def people_page(client, agency, **params):
    return client.get(reverse("hr:people", kwargs={"agency": agency.code}), params)


def test_the_people_list_shows_each_account_status(agency, settings):
    active = EmployeeFactory(unit=agency.unit)
    waiting = never_activated(EmployeeFactory(unit=agency.unit))
    locked = EmployeeFactory(unit=agency.unit)
    gone = EmployeeFactory(unit=agency.unit, is_active=False)
    lock_out(locked.user.username)
    client = hr_client(agency)
    text = people_page(client, agency).content.decode()
    for person, label in ((active, "ใช้งานได้"), (waiting, "ยังไม่เปิดใช้งาน"),
                          (locked, "ถูกระงับชั่วคราว (เข้าสู่ระบบผิดเกินกำหนด)")):
        card = text.split(person.employee_number)[1].split("card-body")[0]
        assert label in card, person
    assert gone.employee_number not in text  # the list is of people at work
    deactivated = people_page(client, agency, account="deactivated").content.decode()
    assert gone.employee_number in deactivated and "ระงับการใช้งาน" in deactivated
    assert active.employee_number not in deactivated
    only_locked = people_page(client, agency, account="locked").content.decode()
    assert locked.employee_number in only_locked and active.employee_number not in only_locked
    waiting_only = people_page(client, agency, account="not_activated").content.decode()
    assert waiting.employee_number in waiting_only
    assert active.employee_number not in waiting_only
    settings.ACCOUNT_DIRECTORY_SIGN_IN = True  # single sign-on configured
    assert "เข้าสู่ระบบผ่านระบบบัญชีของหน่วยงาน" in people_page(client, agency).content.decode()


def test_the_people_list_reads_a_constant_number_of_queries(agency):
    def count():
        client = hr_client(agency)
        with CaptureQueriesContext(connection) as queries:
            assert people_page(client, agency).status_code == 200
        return len(queries)

    for _ in range(3):
        lock_out(EmployeeFactory(unit=agency.unit).user.username)
    small = count()
    for _ in range(15):
        never_activated(EmployeeFactory(unit=agency.unit))
    assert count() == small


def test_hr_resends_the_activation_from_the_account_page(agency):
    person = never_activated(EmployeeFactory(unit=agency.unit))
    client = hr_client(agency)
    page = client.get(reverse("hr:person_account", kwargs={"employee_id": person.pk}))
    assert "ส่งลิงก์เปิดใช้งานอีกครั้ง" in page.content.decode()
    response = client.post(reverse("hr:person_activation_send",
                                   kwargs={"employee_id": person.pk}), follow=True)
    assert f"ส่งลิงก์เปิดใช้งานไปที่ {person.email} แล้ว" in response.content.decode()
    [message] = mail.outbox
    assert message.to == [person.email] and "/accounts/activate/" in message.body
    event = AccountEvent.objects.get(employee=person)
    assert (event.kind, event.by, event.agency) == ("activation_sent", agency.hr, agency)
    audit = client.get(reverse("audit"), {"kind": "accounts"}).content.decode()
    assert "ส่งลิงก์เปิดใช้งานบัญชี" in audit and person.full_name in audit


def test_no_activation_for_an_active_account_or_without_an_address(agency):
    active = EmployeeFactory(unit=agency.unit, email="a@example.go.th")
    no_mail = never_activated(EmployeeFactory(unit=agency.unit), email=False)
    client = hr_client(agency)
    for person, message in ((active, "บัญชีนี้ไม่อยู่ในสถานะรอเปิดใช้งาน"),
                            (no_mail, "ไม่มีอีเมลของบุคคลนี้ในระบบ")):
        response = client.post(reverse("hr:person_activation_send",
                                       kwargs={"employee_id": person.pk}), follow=True)
        assert message in response.content.decode()
    assert mail.outbox == []
    assert not AccountEvent.objects.exists()


def test_hr_lifts_one_persons_lockout_only(agency):
    person = EmployeeFactory(unit=agency.unit)
    other = EmployeeFactory(unit=agency.unit)
    lock_out(person.user.username)
    lock_out(other.user.username)
    locked_page = lock_out(person.user.username).post(
        reverse("login"), {"username": person.user.username, "password": PASSWORD})
    assert locked_page.status_code == 429
    text = locked_page.content.decode()
    assert "โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการของท่าน" in text
    client = hr_client(agency)
    account = client.get(reverse("hr:person_account", kwargs={"employee_id": person.pk}))
    assert "ปลดการระงับการเข้าสู่ระบบ" in account.content.decode()
    client.post(reverse("hr:person_unlock", kwargs={"employee_id": person.pk}))
    assert Client().post(reverse("login"), {"username": person.user.username,
                                            "password": PASSWORD}).status_code == 302
    assert Client().post(reverse("login"), {"username": other.user.username,
                                            "password": PASSWORD}).status_code == 429
    assert AccountEvent.objects.get(kind="unlocked").employee == person
    audit = client.get(reverse("audit"), {"kind": "accounts"}).content.decode()
    assert "ปลดการระงับการเข้าสู่ระบบ" in audit


def test_activation_links_for_a_selection_and_for_everyone(
        agency, django_capture_on_commit_callbacks):
    waiting = [never_activated(EmployeeFactory(unit=agency.unit)) for _ in range(3)]
    no_mail = never_activated(EmployeeFactory(unit=agency.unit), email=False)
    active = EmployeeFactory(unit=agency.unit, email="active@example.go.th")
    url = reverse("hr:people_activation_send", kwargs={"agency": agency.code})
    client = hr_client(agency)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"employee": [waiting[0].pk, active.pk]})
    assert [m.to for m in mail.outbox] == [[waiting[0].email]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"everyone": "1"})
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(p.email for p in waiting)
    assert no_mail.pk not in AccountEvent.objects.values_list("employee", flat=True)
    assert AccountEvent.objects.filter(by=agency.hr, kind="activation_sent").count() == 4


def test_the_bulk_send_is_safe_to_run_twice(agency):
    waiting = [never_activated(EmployeeFactory(unit=agency.unit)) for _ in range(2)]
    requested_at = timezone.now()
    first = accounts_activation_send(agency=agency, employee_ids=None, by=agency.hr,
                                     requested_at=requested_at)
    again = accounts_activation_send(agency=agency, employee_ids=None, by=agency.hr,
                                     requested_at=requested_at)
    assert (first.sent, again.sent, again.skipped) == (2, 0, 2)
    assert len(mail.outbox) == len(waiting)


def test_another_agencys_people_are_out_of_reach(agency):
    stranger = never_activated(EmployeeFactory())  # another agency
    client = hr_client(agency)
    assert client.get(reverse("hr:person_account",
                              kwargs={"employee_id": stranger.pk})).status_code == 404
    client.post(reverse("hr:people_activation_send", kwargs={"agency": agency.code}),
                {"employee": [stranger.pk]})
    assert mail.outbox == []
    assert client.post(reverse("hr:person_unlock",
                               kwargs={"employee_id": stranger.pk})).status_code == 404
