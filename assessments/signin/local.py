"""The local-password policy once a directory is configured (AUTH_LOCAL_PASSWORDS)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied


def local_password_allowed(user) -> bool:
    """May ``user`` sign in with a portal password under AUTH_LOCAL_PASSWORDS?

    ``hr`` keeps break-glass accounts for when the directory is down: HR
    officers and the administrators (staff) only.
    """
    policy = settings.AUTH_LOCAL_PASSWORDS
    if policy == "on":
        return True
    if policy == "hr":
        return user.is_staff or user.is_superuser or user.hr_roles.exists()
    return False


class LocalPasswordPolicy:
    """Sits between the directories and Django's ModelBackend.

    It authenticates nobody: for a password the directories did not accept, it
    stops the login (PermissionDenied ends Django's authenticate()) unless the
    policy lets this account use its portal password, which ModelBackend then
    checks. ModelBackend keeps its place so that sessions and login() calls
    naming it stay valid.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if settings.AUTH_LOCAL_PASSWORDS == "on" or username is None:
            return None
        user_model = get_user_model()
        user = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).first()
        if user is None or not local_password_allowed(user):
            raise PermissionDenied
        return None
