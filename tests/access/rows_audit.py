from tests.access.matrix import Row, everyone

ROWS = {
    "audit": Row(
        get=everyone(404) | {"anonymous": 302, "hr": 200, "other_hr": 200},
        post=everyone(405),
    ),
}
