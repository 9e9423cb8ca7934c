"""Access-matrix rows for the account pages (config/urls.py, assessments/views/accounts.py).

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
