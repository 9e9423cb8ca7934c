"""Access-matrix rows for the URLs of config/urls.py itself.

A row: url name -> Row(kwargs(world) -> dict, get={role: status}, post={role: status} or None
when the URL accepts no POST worth testing beyond "not allowed"). Expected
statuses: 200 ok, 302 redirect (login for anonymous), 404 outsider, 405 method.
"""

from tests.access.matrix import ALL_200, Row, everyone, logged_in

ROWS = {
    "home": Row(get=everyone(200), post=everyone(405)),
    "login": Row(get=ALL_200, post=None),
    "logout": Row(get=everyone(405), post=None),
    "set_language": Row(get=None, post=None),  # Django's own view; redirects for everyone
    # The rating form's keepalive: any signed-in user, 204; anonymous to login.
    "session_keepalive": Row(get=logged_in(405), post=logged_in(204)),
}
