"""OpenID Connect sign-in against a real provider on loopback (tests/oidc/provider.mjs):
the authorization code flow with PKCE, driven through the provider's own pages."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from assessments.models import DirectoryIdentity
from tests.directory_servers import free_port, provider_sign_in
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
PORTAL = "http://testserver/"


def _sign_in(client, login, password):
    start = client.get(reverse("oidc_authentication_init"), {"next": "/forms/"})
    assert start.status_code == 302
    back = urlsplit(provider_sign_in(start.url, login, password, PORTAL))
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def test_a_provider_login_signs_in_the_employee_with_that_email(client, oidc_settings):
    somchai = EmployeeFactory(employee_number="100001", email="somchai.j@example.go.th")
    somchai.user.set_unusable_password()
    somchai.user.save()

    response = _sign_in(client, "somchai", "provider-pass-1")

    assert response.status_code == 302
    assert response.url == "/forms/"
    assert client.session["_auth_user_id"] == str(somchai.user.pk)
    identity = DirectoryIdentity.objects.get(user=somchai.user)
    assert (identity.source, identity.issuer, identity.subject) == (
        "oidc", oidc_settings.OIDC_DISCOVERY_URL, "somchai")
    assert client.get(reverse("home")).wsgi_request.user == somchai.user


def test_the_employee_number_claim_with_endpoints_set_by_hand(client, oidc_settings):
    import requests

    document = requests.get(f"{oidc_settings.OIDC_DISCOVERY_URL}/.well-known/"
                            "openid-configuration", timeout=5).json()
    oidc_settings.OIDC_DISCOVERY_URL = ""
    oidc_settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    oidc_settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    oidc_settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    oidc_settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    oidc_settings.OIDC_EMPLOYEE_CLAIM = "employee_number"
    oidc_settings.OIDC_EMPLOYEE_MATCH = "number"
    somchai = EmployeeFactory(employee_number="100001", email="")

    _sign_in(client, "somchai", "provider-pass-1")

    assert client.session["_auth_user_id"] == str(somchai.user.pk)


def test_an_unknown_identity_gets_the_thai_page_and_no_account(
    client, oidc_settings, django_user_model
):
    EmployeeFactory(employee_number="100001", email="somchai.j@example.go.th")
    oidc_settings.ACCOUNT_HELP_CONTACT = "กลุ่มงานบริหารทรัพยากรบุคคล โทร 0 2123 4567"
    users = django_user_model.objects.count()

    response = _sign_in(client, "stranger", "provider-pass-2")

    assert response.status_code == 403
    page = response.content.decode()
    assert "ไม่พบข้อมูลบุคลากรที่ตรงกับบัญชีนี้" in page
    assert "เจ้าหน้าที่บริหารทรัพยากรบุคคล" in page
    assert "โทร 0 2123 4567" in page  # whom to contact
    assert "_auth_user_id" not in client.session
    assert django_user_model.objects.count() == users
    assert not DirectoryIdentity.objects.exists()


def test_the_refusal_page_in_english(client, oidc_settings):
    client.cookies["django_language"] = "en"

    response = _sign_in(client, "stranger", "provider-pass-2")

    assert "No employee record matches this account" in response.content.decode()


def test_an_inactive_employee_and_an_unverified_email_are_refused(client, oidc_settings):
    EmployeeFactory(employee_number="100001", email="somchai.j@example.go.th", is_active=False)

    inactive = _sign_in(client, "somchai", "provider-pass-1")
    unverified = _sign_in(client, "unverified", "provider-pass-3")

    assert "บัญชีนี้ถูกระงับการใช้งาน" in inactive.content.decode()
    assert "ไม่พบข้อมูลบุคลากร" in unverified.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_the_provider(client, oidc_settings):
    page = client.get(reverse("login"), {"next": "/forms/"}).content.decode()

    assert "เข้าสู่ระบบด้วย Test ID" in page
    assert f'{reverse("oidc_authentication_init")}?next=/forms/' in page
    assert 'name="password"' in page  # AUTH_LOCAL_PASSWORDS=on keeps the form


def test_a_provider_that_does_not_answer_breaks_neither_the_page_nor_password_logins(
    client, oidc_settings
):
    oidc_settings.OIDC_DISCOVERY_URL = f"http://127.0.0.1:{free_port()}/"  # nothing listens
    employee = EmployeeFactory()

    start = client.get(reverse("oidc_authentication_init"))
    client.post(reverse("login"), {"username": employee.user.username,
                                   "password": "correct-horse-battery"})

    assert start.status_code == 502
    assert "ไม่สำเร็จ" in start.content.decode()
    assert client.session["_auth_user_id"] == str(employee.user.pk)


def test_without_openid_connect_its_addresses_do_not_exist(client, settings):
    settings.OIDC_ENABLED = False

    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert "oidc" not in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize(("policy", "form_shown", "note_shown"), [
    ("hr", True, True), ("off", False, False)])
def test_the_login_page_follows_the_local_password_policy(
    client, oidc_settings, policy, form_shown, note_shown
):
    oidc_settings.AUTH_LOCAL_PASSWORDS = policy

    page = client.get(reverse("login")).content.decode()

    assert "เข้าสู่ระบบด้วย Test ID" in page
    assert ('name="password"' in page) is form_shown
    assert ("ใช้รหัสผ่านได้เฉพาะบัญชีของเจ้าหน้าที่บริหารทรัพยากรบุคคล" in page) is note_shown


def test_refused_sign_ins_from_one_address_do_not_lock_out_the_next_person(
    client, oidc_settings
):
    from axes.models import AccessAttempt

    oidc_settings.AXES_FAILURE_LIMIT = 2
    somchai = EmployeeFactory(employee_number="100001", email="somchai.j@example.go.th")
    for _ in range(3):  # strangers behind the same office address
        assert _sign_in(client, "stranger", "provider-pass-2").status_code == 403

    response = _sign_in(client, "somchai", "provider-pass-1")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(somchai.user.pk)
    assert not AccessAttempt.objects.exists()
