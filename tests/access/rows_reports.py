"""Access-matrix rows for the reports app (the world's round is released)."""

from tests.access.matrix import Row, logged_in


def _only(status: int, *roles: str) -> dict[str, int]:
    """``status`` for the named roles, 404 for the other logged-in ones, login for anonymous."""
    return logged_in(404) | dict.fromkeys(roles, status)


READERS = ("employee", "supervisor", "hr")  # the person, their frozen supervisor, HR


def _person(world):
    return {"participant_pk": world.participant.pk}


def _round(world):
    return {"round_pk": world.rnd.pk}


ROWS = {
    "reports:participant_report": Row(
        get=_only(200, *READERS), post=logged_in(405), kwargs=_person
    ),
    "reports:participant_report_pdf": Row(
        get=_only(200, *READERS), post=logged_in(405), kwargs=_person
    ),
    "reports:participant_summary_pdf": Row(
        get=_only(200, *READERS), post=logged_in(405), kwargs=_person
    ),
    "reports:participant_report_acknowledge": Row(
        get=logged_in(405), post=_only(302, "employee"), kwargs=_person
    ),
    "reports:round_reports": Row(get=_only(200, "hr"), post=logged_in(405), kwargs=_round),
    "reports:round_reports_status": Row(
        get=_only(200, "hr"), post=logged_in(405), kwargs=_round
    ),
    "reports:round_reports_generate": Row(
        get=logged_in(405), post=_only(302, "hr"), kwargs=_round
    ),
    # Nothing is rendered in the world yet: HR is sent back to the page with a message.
    "reports:round_reports_zip": Row(get=_only(302, "hr"), post=logged_in(405), kwargs=_round),
}

ROWS["reports:access_log"] = Row(
    get=logged_in(404) | {"hr": 200, "other_hr": 200}, post=logged_in(405),
)


def _round_pk(world, **extra):
    return {"pk": world.rnd.pk, **extra}


def hr_only(ok: int) -> dict[str, int]:
    return logged_in(404) | {"hr": ok}


ROWS.update({
    "reports:round_results_export": Row(
        get=hr_only(200), post=logged_in(405), kwargs=lambda w: _round_pk(w, fmt="xlsx"),
    ),
    "reports:round_summary_export": Row(
        get=hr_only(200), post=logged_in(405), kwargs=lambda w: _round_pk(w, fmt="xlsx"),
    ),
    "reports:round_non_responders_export": Row(
        get=hr_only(200), post=logged_in(405), kwargs=lambda w: _round_pk(w, fmt="csv"),
    ),
    "reports:round_heatmap": Row(get=hr_only(200), post=logged_in(405), kwargs=_round_pk),
    "reports:round_heatmap_unit": Row(
        get=hr_only(200), post=logged_in(405),
        kwargs=lambda w: _round_pk(w, unit_id=w.participant.unit_id),
    ),
})
