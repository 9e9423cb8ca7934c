"""Request-time rule: a person who left the agency is signed out at once."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY, logout

from .permissions import employee_switched_off


class DeactivatedLogoutMiddleware:
    """End the session of a user whose employee was switched off.

    However the switch happened (the HR page, an import, the admin, a shell),
    the next request of every session of that person is anonymous and its
    session is deleted, so ``login_required`` pages send it to the login page.
    Put after ``AuthenticationMiddleware``. One query (the user's employee),
    which the views' ``employee_of`` then reuses.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            if employee_switched_off(user):
                logout(request)
        elif SESSION_KEY in request.session:
            # The backend refused the session's user (deleted, made inactive):
            # delete the session rather than keep it for later.
            request.session.flush()
        return self.get_response(request)
