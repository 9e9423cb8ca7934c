"""The directory servers, one of each per test session (tests/directory_servers.py)."""

import pytest

from tests import directory_servers as servers

LDAP_PEOPLE = [
    # The directory's user name differs from the portal's (the employee number):
    # the match goes through the employee-number attribute.
    servers.LdapPerson("somchai.j", "directory-pass-1", "100001"),
    servers.LdapPerson("stranger", "directory-pass-2", "999999"),
    servers.LdapPerson("leaver", "directory-pass-3", "100002"),
    servers.LdapPerson("nonumber", "directory-pass-4", None),
]


@pytest.fixture(scope="session")
def slapd_uri(tmp_path_factory):
    with servers.slapd(tmp_path_factory.mktemp("slapd"), LDAP_PEOPLE) as uri:
        yield uri


@pytest.fixture
def ldap_settings(settings, slapd_uri):
    """The portal configured for the test directory, as LDAP_* variables would."""
    import ldap
    from django_auth_ldap.config import LDAPSearch

    settings.AUTH_LDAP_SERVER_URI = slapd_uri
    settings.AUTH_LDAP_BIND_DN = servers.LDAP_BIND_DN
    settings.AUTH_LDAP_BIND_PASSWORD = servers.LDAP_BIND_PASSWORD
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(servers.LDAP_PEOPLE, ldap.SCOPE_SUBTREE,
                                                "(uid=%(user)s)")
    settings.LDAP_EMPLOYEE_ATTR = "employeeNumber"
    settings.LDAP_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "assessments.signin.ldap.EmployeeLDAPBackend",
        "assessments.signin.local.LocalPasswordPolicy",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return settings


OIDC_ACCOUNTS = {
    "somchai": {"password": "provider-pass-1", "claims": {
        "email": "Somchai.J@example.go.th", "email_verified": True,
        "employee_number": "100001", "name": "Somchai Jaidee"}},
    "stranger": {"password": "provider-pass-2", "claims": {
        "email": "stranger@example.go.th", "email_verified": True,
        "employee_number": "999999"}},
    "unverified": {"password": "provider-pass-3", "claims": {
        "email": "somchai.j@example.go.th", "email_verified": False,
        "employee_number": "100001"}},
}


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory):
    # The Django test client's host is "testserver".
    with servers.oidc_provider(tmp_path_factory.mktemp("oidc"),
                               redirect_uris=["http://testserver/oidc/callback/"],
                               accounts=OIDC_ACCOUNTS) as provider:
        yield provider


@pytest.fixture
def oidc_settings(settings, oidc_server):
    """The portal configured for the test provider, as OIDC_* variables would."""
    servers.configure_oidc(settings, oidc_server)
    return settings
