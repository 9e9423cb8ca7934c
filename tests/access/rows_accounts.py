"""Access-matrix rows for the account pages (config/urls.py, assessments/views/accounts.py)
and HR's account pages (assessments/views/hr/accounts.py).

The link pages answer anyone (the token is the credential): with the world's
made-up token they show "this link does not work" (200) to every role, for GET
and POST alike, and set nothing.
"""

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.access.matrix import ALL_200, Row, everyone, logged_in


def bad_link(world):
    return {"uidb64": urlsafe_base64_encode(force_bytes(world.employee.user.pk)),
            "token": "c0ffee-0123456789abcdef"}


ROWS = {
    "account_activate": Row(get=ALL_200, post=ALL_200, kwargs=bad_link),
    "password_reset_confirm": Row(get=ALL_200, post=ALL_200, kwargs=bad_link),
    # POST without an address: the form comes back with its message.
    "password_reset": Row(get=ALL_200, post=ALL_200),
    "password_reset_done": Row(get=ALL_200, post=everyone(405)),
    # POST without the current password: the form comes back with its message.
    "password_change": Row(get=logged_in(200), post=logged_in(200)),
}


def hr_only(ok: int) -> dict[str, int]:
    """Anonymous to login, HR of the person's agency ``ok``, everyone else 404."""
    return logged_in(404) | {"hr": ok}


def person(world):
    return {"employee_id": world.employee.pk}


ROWS.update({
    "hr:person_account": Row(get=hr_only(200), post=logged_in(405), kwargs=person),
    # The world's employee is active and not locked: HR's POST is refused with
    # a message (302) and sends nothing; the unlock clears nothing there is.
    "hr:person_activation_send": Row(get=logged_in(405), post=hr_only(302), kwargs=person),
    "hr:person_unlock": Row(get=logged_in(405), post=hr_only(302), kwargs=person),
    # Nobody ticked: back to the list with a message.
    "hr:people_activation_send": Row(get=logged_in(405), post=hr_only(302),
                                     kwargs=lambda w: {"agency": w.rnd.agency.code}),
})
