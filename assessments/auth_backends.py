"""Login refused to a person who left the agency (``Employee.is_active`` off)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from .permissions import employee_switched_off


class DeactivatedEmployeeGate:
    """Sits right after Axes, before the directories and Django's ModelBackend.

    It authenticates nobody: for a user name whose employee was switched off
    it stops the login (PermissionDenied ends Django's ``authenticate()``, the
    form says "wrong user name or password", Axes counts the failure), so
    neither a portal password nor a directory lets the person in. Sessions
    already open are ended by ``assessments.middleware``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            return None
        user_model = get_user_model()
        user = (
            user_model._default_manager.select_related("employee")
            .filter(**{user_model.USERNAME_FIELD: username}).first()
        )
        if user is not None and employee_switched_off(user):
            raise PermissionDenied
        return None
