"""LDAP / Active Directory through django-auth-ldap, matched on the employee number."""

from __future__ import annotations

import logging

from django.conf import settings
from django_auth_ldap.backend import LDAPBackend

from ..selectors.signin import SignInRefused, employee_for_identity
from ..services.signin import directory_identity_bind

logger = logging.getLogger(__name__)


class EmployeeLDAPBackend(LDAPBackend):
    """The person types their directory user name and password on the login page.

    django-auth-ldap searches for the entry (LDAP_USER_FILTER under
    LDAP_USER_SEARCH_BASE, bound as LDAP_BIND_DN) and binds as it with the
    password. The entry's LDAP_EMPLOYEE_ATTR then names the employee whose
    account signs in; an entry without a matching active employee is refused
    (and the login falls through to the local-password policy), never created.
    """

    def get_or_build_user(self, username, ldap_user):
        values = (ldap_user.attrs or {}).get(settings.LDAP_EMPLOYEE_ATTR) or [""]
        try:
            employee = employee_for_identity(match="number", value=values[0])
            directory_identity_bind(user=employee.user, source="ldap",
                                    issuer=settings.AUTH_LDAP_SERVER_URI,
                                    subject=ldap_user.dn.lower())
        except SignInRefused as refused:
            logger.info("LDAP sign-in of %s refused: %s", ldap_user.dn, refused.reason)
            # The password was right: the login form says why, not "wrong password".
            if ldap_user._request is not None:
                ldap_user._request.directory_refusal = refused.reason
            # django-auth-ldap turns this into "no user" for this backend.
            raise ldap_user.AuthenticationFailed(refused.reason.value) from None
        return employee.user, False
