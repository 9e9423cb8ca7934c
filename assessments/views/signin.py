"""The login page and the two OpenID Connect addresses (mozilla-django-oidc's views).

Both OIDC views answer 404 while OpenID Connect is not configured. A refused
sign-in renders a page that says why and whom to contact, never a redirect
to a blank login form.
"""

from __future__ import annotations

import requests
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import render
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..auth_forms import LoginForm
from ..selectors.signin import REFUSAL_MESSAGES, Refusal
from ..signin.oidc import oidc_setting


def signin_refused(request, reason: Refusal, status: int = 403):
    return render(request, "registration/signin_refused.html",
                  {"message": REFUSAL_MESSAGES[reason], "reason": reason.value}, status=status)


class LoginView(auth_views.LoginView):
    """Django's login page, with a "sign in with <provider>" button when OIDC is set,
    and without the password form when no password could be used on it."""

    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = settings.OIDC_PROVIDER_NAME if settings.OIDC_ENABLED else ""
        context["password_form"] = settings.LDAP_ENABLED or settings.AUTH_LOCAL_PASSWORDS != "off"
        context["hr_passwords_only"] = (
            not settings.LDAP_ENABLED and settings.AUTH_LOCAL_PASSWORDS == "hr"
        )
        return context


class OIDCSignInView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        # The endpoints come from the discovery document: read in dispatch(),
        # where a provider that does not answer gets a page, not a 500.
        View.__init__(self, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError):
            return signin_refused(request, Refusal.FAILED, status=502)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().dispatch(request, *args, **kwargs)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; EmployeeOIDCBackend does the rest."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        reason = getattr(self.request, "directory_refusal", None) or Refusal.FAILED
        return signin_refused(self.request, reason)
