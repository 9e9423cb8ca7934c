"""config/settings/signin.py refuses configurations under which nobody could sign in."""

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

import config.settings.signin as signin


@pytest.fixture
def reload_signin(monkeypatch):
    def reload(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(signin)

    yield reload
    monkeypatch.undo()
    importlib.reload(signin)  # back to the environment the suite runs in


def test_local_accounts_are_all_there_is_by_default(reload_signin):
    module = reload_signin()
    assert module.AUTH_LOCAL_PASSWORDS == "on"
    assert module.SIGNIN_BACKENDS == ["assessments.signin.local.LocalPasswordPolicy"]


@pytest.mark.parametrize("policy", ["hr", "off"])
def test_restricting_local_passwords_without_a_directory_stops_the_start(
    reload_signin, policy
):
    with pytest.raises(ImproperlyConfigured, match="AUTH_LOCAL_PASSWORDS"):
        reload_signin(AUTH_LOCAL_PASSWORDS=policy)


def test_an_unknown_policy_stops_the_start(reload_signin):
    with pytest.raises(ImproperlyConfigured, match="on, hr or off"):
        reload_signin(AUTH_LOCAL_PASSWORDS="maybe")


def test_ldap_needs_a_search_base(reload_signin):
    with pytest.raises(ImproperlyConfigured, match="LDAP_USER_SEARCH_BASE"):
        reload_signin(LDAP_SERVER_URI="ldap://127.0.0.1:1/")


def test_ldap_configured_puts_its_backend_before_the_policy(reload_signin):
    module = reload_signin(LDAP_SERVER_URI="ldap://127.0.0.1:1/",
                           LDAP_USER_SEARCH_BASE="ou=people,dc=example,dc=go,dc=th",
                           AUTH_LOCAL_PASSWORDS="hr")
    assert module.SIGNIN_BACKENDS == ["assessments.signin.ldap.EmployeeLDAPBackend",
                                      "assessments.signin.local.LocalPasswordPolicy"]


def test_openid_connect_needs_a_discovery_url_or_endpoints(reload_signin):
    with pytest.raises(ImproperlyConfigured, match="OIDC_DISCOVERY_URL"):
        reload_signin(OIDC_RP_CLIENT_ID="competency360")


def test_openid_connect_configured_comes_first_and_allows_restricting_passwords(reload_signin):
    module = reload_signin(OIDC_RP_CLIENT_ID="competency360", AUTH_LOCAL_PASSWORDS="off",
                           OIDC_DISCOVERY_URL="https://login.example.go.th/realms/staff",
                           OIDC_EMPLOYEE_CLAIM="employee_number")
    assert module.SIGNIN_BACKENDS[0] == "assessments.signin.oidc.EmployeeOIDCBackend"
    assert module.OIDC_EMPLOYEE_MATCH == "number"  # any claim but email names a number
