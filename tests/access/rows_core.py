"""Access-matrix rows for the URLs of config/urls.py itself.

A row: url name -> Row(kwargs(world) -> dict, get={role: status}, post={role: status} or None
when the URL accepts no POST worth testing beyond "not allowed"). Expected
statuses: 200 ok, 302 redirect (login for anonymous), 404 outsider, 405 method.
"""

from tests.access.matrix import ALL_200, Row, everyone

ROWS = {
    "home": Row(get=everyone(200), post=everyone(405)),
    "login": Row(get=ALL_200, post=None),
    "logout": Row(get=everyone(405), post=None),
    "set_language": Row(get=None, post=None),  # Django's own view; redirects for everyone
}
