"""Tokens for the set-password links in e-mails.

Both links use Django's token machinery: the token hashes the user's password
hash and last login, so it stops working the moment a password is set (single
use), and it carries its timestamp (it expires). The activation token has its
own salt and lifetime (``ACCOUNT_ACTIVATION_DAYS``), so an activation link
cannot be replayed as a reset link and the reset link keeps Django's shorter
``PASSWORD_RESET_TIMEOUT``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "assessments.accounts.tokens.ActivationTokenGenerator"

    @property
    def timeout(self) -> int:
        return settings.ACCOUNT_ACTIVATION_DAYS * 24 * 3600

    def check_token(self, user, token) -> bool:
        # Django's check_token compares the age with PASSWORD_RESET_TIMEOUT;
        # this is the same check with the activation lifetime instead.
        if not (user and token):
            return False
        try:
            ts = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return self._num_seconds(self._now()) - ts <= self.timeout


activation_token = ActivationTokenGenerator()
reset_token = default_token_generator


def _link(name: str, user, token: str) -> str:
    path = reverse(name, kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                 "token": token})
    return settings.PORTAL_URL.rstrip("/") + path


def activation_link(user) -> str:
    return _link("account_activate", user, activation_token.make_token(user))


def reset_link(user) -> str:
    return _link("password_reset_confirm", user, reset_token.make_token(user))
