"""Access-matrix rows for the PDPA pages of HR (/hr/.../personal-data/).

In the world the employee is still active, so HR's POST is refused with a
message (302) and changes nothing; everyone else gets 404.
"""

from tests.access.matrix import Row, logged_in


def hr_only(ok: int) -> dict[str, int]:
    return logged_in(404) | {"hr": ok}


ROWS = {
    "hr:personal_data_list": Row(
        get=hr_only(200), post=logged_in(405),
        kwargs=lambda w: {"agency": w.rnd.agency.code},
    ),
    "hr:personal_data_person": Row(
        get=hr_only(200), post=hr_only(302),
        kwargs=lambda w: {"employee_id": w.employee.pk},
    ),
}
