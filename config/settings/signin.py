"""How people sign in: local passwords, OpenID Connect, LDAP / Active Directory.

Read from the environment like every other setting (base.py star-imports this
module). With neither OIDC_RP_CLIENT_ID nor LDAP_SERVER_URI set, local
accounts are all there is. A directory never creates an account: it only
vouches for a person the portal already has (see assessments/signin/).
"""

import environ
import ldap
from django.core.exceptions import ImproperlyConfigured
from django_auth_ldap.config import LDAPSearch

# Its own reader (base.py's reads the .env file first): a star import must not
# replace base's ``env``.
_env = environ.Env()

# --- OpenID Connect (mozilla-django-oidc): Entra ID, Google, Keycloak, Thai digital ID ---
OIDC_RP_CLIENT_ID = _env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = _env.str("OIDC_RP_CLIENT_SECRET", default="")
# The issuer or its /.well-known/openid-configuration: fetched once, on the
# first sign-in, to fill in the endpoints below that are left empty.
OIDC_DISCOVERY_URL = _env.str("OIDC_DISCOVERY_URL", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = _env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = _env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = _env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = _env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = _env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = _env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_TOKEN_USE_BASIC_AUTH = _env.bool("OIDC_TOKEN_USE_BASIC_AUTH", default=False)
OIDC_TIMEOUT = _env.int("OIDC_TIMEOUT", default=10)
# Which claim names the person, and what it is matched with: the e-mail
# address or the employee number (เลขประจำตัว) of an existing employee.
OIDC_EMPLOYEE_CLAIM = _env.str("OIDC_EMPLOYEE_CLAIM", default="email")
OIDC_EMPLOYEE_MATCH = _env.str(
    "OIDC_EMPLOYEE_MATCH", default="email" if OIDC_EMPLOYEE_CLAIM == "email" else "number"
)
OIDC_PROVIDER_NAME = _env.str("OIDC_PROVIDER_NAME", default="OpenID Connect")
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
# Login throttling (Axes) counts password attempts, not OpenID callbacks.
AXES_WHITELIST_CALLABLE = "assessments.signin.oidc.axes_exempt"

if OIDC_EMPLOYEE_MATCH not in ("email", "number"):
    raise ImproperlyConfigured("OIDC_EMPLOYEE_MATCH must be 'email' or 'number'.")
if OIDC_ENABLED and not OIDC_DISCOVERY_URL and not (
    OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT
):
    raise ImproperlyConfigured(
        "OIDC_RP_CLIENT_ID is set: set OIDC_DISCOVERY_URL too (or the OIDC_OP_*_ENDPOINT "
        "variables: authorization, token and JWKS)."
    )

# --- LDAP / Active Directory (django-auth-ldap) ---
AUTH_LDAP_SERVER_URI = _env.str("LDAP_SERVER_URI", default="")
AUTH_LDAP_BIND_DN = _env.str("LDAP_BIND_DN", default="")
AUTH_LDAP_BIND_PASSWORD = _env.str("LDAP_BIND_PASSWORD", default="")
AUTH_LDAP_START_TLS = _env.bool("LDAP_START_TLS", default=False)
LDAP_USER_SEARCH_BASE = _env.str("LDAP_USER_SEARCH_BASE", default="")
# %(user)s is what the person typed as user name; Active Directory: (sAMAccountName=%(user)s)
LDAP_USER_FILTER = _env.str("LDAP_USER_FILTER", default="(uid=%(user)s)")
# The attribute holding the employee number (Active Directory often uses employeeID).
LDAP_EMPLOYEE_ATTR = _env.str("LDAP_EMPLOYEE_ATTR", default="employeeNumber")
LDAP_TIMEOUT = _env.int("LDAP_TIMEOUT", default=5)
LDAP_ENABLED = bool(AUTH_LDAP_SERVER_URI)
AUTH_LDAP_USER_SEARCH = LDAPSearch(LDAP_USER_SEARCH_BASE, ldap.SCOPE_SUBTREE, LDAP_USER_FILTER)
AUTH_LDAP_USER_ATTRLIST = [LDAP_EMPLOYEE_ATTR]
AUTH_LDAP_CONNECTION_OPTIONS = {
    ldap.OPT_NETWORK_TIMEOUT: LDAP_TIMEOUT,
    ldap.OPT_TIMEOUT: LDAP_TIMEOUT,
    # Active Directory answers searches at the domain root with referrals
    # that python-ldap would chase anonymously.
    ldap.OPT_REFERRALS: 0,
}
# The directory vouches for an existing account; it never creates one nor
# rewrites the names HR imported.
AUTH_LDAP_NO_NEW_USERS = True
AUTH_LDAP_ALWAYS_UPDATE_USER = False

if LDAP_ENABLED and not LDAP_USER_SEARCH_BASE:
    raise ImproperlyConfigured("LDAP_SERVER_URI is set: set LDAP_USER_SEARCH_BASE too.")

# --- Local passwords once a directory is configured ---
# on: everyone may still use a portal password; hr: only HR officers and
# administrators (break-glass accounts); off: nobody. Without a directory
# local passwords are all there is, so anything but "on" is a mistake.
AUTH_LOCAL_PASSWORDS = _env.str("AUTH_LOCAL_PASSWORDS", default="on")
if AUTH_LOCAL_PASSWORDS not in ("on", "hr", "off"):
    raise ImproperlyConfigured("AUTH_LOCAL_PASSWORDS must be on, hr or off.")
if AUTH_LOCAL_PASSWORDS != "on" and not (OIDC_ENABLED or LDAP_ENABLED):
    raise ImproperlyConfigured(
        "AUTH_LOCAL_PASSWORDS is not 'on' but no directory is configured "
        "(OIDC_RP_CLIENT_ID or LDAP_SERVER_URI): nobody could sign in."
    )

# Between the directories and Django's ModelBackend (whose path sessions and
# login() calls keep): refuses a password login the policy above does not allow.
SIGNIN_BACKENDS = [
    *(["assessments.signin.oidc.EmployeeOIDCBackend"] if OIDC_ENABLED else []),
    *(["assessments.signin.ldap.EmployeeLDAPBackend"] if LDAP_ENABLED else []),
    "assessments.signin.local.LocalPasswordPolicy",
]
