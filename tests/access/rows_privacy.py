from tests.access.matrix import Row, everyone, logged_in

ROWS = {
    "privacy": Row(get=everyone(200), post=everyone(405)),
    # HR of another agency has no employee record in this world: nothing to export.
    "my_data": Row(get=logged_in(200) | {"hr": 404, "other_hr": 404}, post=everyone(405)),
    "my_data_xlsx": Row(get=logged_in(200) | {"hr": 404, "other_hr": 404}, post=everyone(405)),
}
