"""LDAP sign-in against a real slapd on loopback (tests/directory_servers.py)."""

import pytest
from django.urls import reverse

from assessments.models import DirectoryIdentity
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_directory_login_signs_in_the_employee_with_that_number(client, ldap_settings):
    somchai = EmployeeFactory(employee_number="100001")
    somchai.user.set_unusable_password()  # imported: no portal password at all
    somchai.user.save()

    response = _login(client, "somchai.j", "directory-pass-1")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert int(client.session["_auth_user_id"]) == somchai.user.pk
    identity = DirectoryIdentity.objects.get(user=somchai.user)
    assert identity.source == "ldap"
    assert identity.subject == "uid=somchai.j,ou=people,dc=example,dc=go,dc=th"
    # The session survives the next request (the backend finds the user again).
    assert client.get(reverse("home")).wsgi_request.user == somchai.user


def test_a_wrong_directory_password_is_refused(client, ldap_settings):
    EmployeeFactory(employee_number="100001")

    response = _login(client, "somchai.j", "not-the-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_a_directory_entry_with_no_employee_is_refused_and_nothing_is_created(
    client, ldap_settings, django_user_model
):
    EmployeeFactory(employee_number="100001")
    users_before = django_user_model.objects.count()

    for username, password in (("stranger", "directory-pass-2"),
                               ("nonumber", "directory-pass-4")):
        response = _login(client, username, password)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert "ไม่พบข้อมูลบุคลากรที่ตรงกับบัญชีนี้" in response.content.decode()

    assert django_user_model.objects.count() == users_before
    assert not DirectoryIdentity.objects.exists()


def test_an_inactive_employee_is_refused(client, ldap_settings):
    EmployeeFactory(employee_number="100002", is_active=False)

    response = _login(client, "leaver", "directory-pass-3")

    assert "_auth_user_id" not in client.session
    assert "บัญชีนี้ถูกระงับการใช้งาน" in response.content.decode()


def test_a_bound_account_refuses_another_directory_entry(client, ldap_settings):
    somchai = EmployeeFactory(employee_number="100001")
    DirectoryIdentity.objects.create(
        user=somchai.user, source="ldap", issuer=ldap_settings.AUTH_LDAP_SERVER_URI,
        subject="uid=someone.else,ou=people,dc=example,dc=go,dc=th", last_at="2026-01-01T00:00Z",
    )

    response = _login(client, "somchai.j", "directory-pass-1")

    assert "_auth_user_id" not in client.session
    assert "ผูกกับบัญชีอื่น" in response.content.decode()
