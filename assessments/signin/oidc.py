"""OpenID Connect through mozilla-django-oidc, matched with an existing employee.

Entra ID, Google Workspace, Keycloak and the Thai digital ID all publish a
discovery document: OIDC_DISCOVERY_URL (the issuer or its
/.well-known/openid-configuration) fills in every OIDC_OP_* endpoint left
empty. It is fetched on the first sign-in, not at start-up, so that a
provider that is down never stops the portal (or its password logins), and
kept for an hour.
"""

from __future__ import annotations

import logging
import time

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from ..selectors.signin import Refusal, SignInRefused, employee_for_identity
from ..services.signin import directory_identity_bind

logger = logging.getLogger(__name__)

WELL_KNOWN = "/.well-known/openid-configuration"
DISCOVERY_TTL = 3600.0
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovery: dict[str, tuple[float, dict]] = {}


def discovery_document(url: str) -> dict:
    """The provider's discovery document (cached per process for an hour)."""
    if not url.rstrip("/").endswith(WELL_KNOWN):
        url = url.rstrip("/") + WELL_KNOWN
    cached = _discovery.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    if not isinstance(document, dict) or not document.get("issuer"):
        raise requests.RequestException(f"{url} is not an OpenID discovery document")
    _discovery[url] = (time.monotonic() + DISCOVERY_TTL, document)
    return document


def oidc_setting(attr: str, *default):
    """mozilla-django-oidc's settings lookup, with empty endpoints discovered."""
    if attr in DISCOVERED and not getattr(settings, attr, "") and settings.OIDC_DISCOVERY_URL:
        value = discovery_document(settings.OIDC_DISCOVERY_URL).get(DISCOVERED[attr])
        return value or (default[0] if default else None)
    return import_from_settings(attr, *default)


def oidc_issuer() -> str:
    """The issuer ID tokens must name: the discovered one. With endpoints set by
    hand there is none to compare with, and the signature (JWKS) is the check."""
    if settings.OIDC_DISCOVERY_URL:
        return discovery_document(settings.OIDC_DISCOVERY_URL)["issuer"]
    return ""


def axes_exempt(request, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: an OpenID callback is not a password guess.

    Its code, state and nonce are single-use and bound to the browser's
    session; the provider throttles its own password form. Counted by Axes,
    refused sign-ins would share one (no user name, client address) bucket,
    and a few strangers behind an office's address would lock out the
    single sign-on of everyone behind it.
    """
    return "nonce" in (credentials or {})


class EmployeeOIDCBackend(OIDCAuthenticationBackend):
    """The authorization code flow (with PKCE) of mozilla-django-oidc, then:
    the ID token must be for this client and from this issuer, the claim
    OIDC_EMPLOYEE_CLAIM must name one active employee, and the provider's
    subject is bound to that account. No account is ever created.

    Why a sign-in was refused is left on the request for the callback page.
    """

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for every login, password logins too:
        # reading the endpoints here would fetch the discovery document (and
        # fail every login while the provider is down). See _configure().
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    def _configure(self) -> None:
        OIDCAuthenticationBackend.__init__(self)

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce; password logins never get here.
        if request is None or "nonce" not in kwargs or "code" not in request.GET:
            return None
        self.request = request
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation, ValueError) as exc:
            logger.warning("OpenID sign-in failed: %s", exc)
            request.directory_refusal = getattr(request, "directory_refusal", Refusal.FAILED)
            return None

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, completed by the userinfo endpoint when there is one
        (Entra ID puts what matters in the ID token; Google and Keycloak in both)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            extra = super().get_userinfo(access_token, id_token, payload)
            if extra.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about another subject")
            claims.update(extra)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        audience = payload.get("aud")
        audience = audience if isinstance(audience, list) else [audience]
        issuer = oidc_issuer()
        if self.OIDC_RP_CLIENT_ID not in audience or (issuer and payload.get("iss") != issuer):
            raise SuspiciousOperation("the ID token is for another client or issuer")
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            if settings.OIDC_EMPLOYEE_MATCH == "email" and claims.get("email_verified") is False:
                # A provider that lets people type any address says so: no match on it.
                raise SignInRefused(Refusal.UNKNOWN)
            employee = employee_for_identity(match=settings.OIDC_EMPLOYEE_MATCH,
                                             value=claims.get(settings.OIDC_EMPLOYEE_CLAIM))
            directory_identity_bind(user=employee.user, source="oidc",
                                    issuer=payload.get("iss") or issuer,
                                    subject=str(payload["sub"]))
        except SignInRefused as refused:
            logger.info("OpenID sign-in of %s refused: %s", payload.get("sub"), refused.reason)
            self.request.directory_refusal = refused.reason
            return None
        return employee.user
