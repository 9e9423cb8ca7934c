"""Progress across rounds: a person's previous result on the same competency.

The previous figures are read from that round's released snapshot, never
recomputed: the report shows what the person was told then, whatever the
catalogue or the scoring settings became since. Indicators are matched by
competency code, level number and order ("4.2"), because a later round may
use a newer version of the texts.
"""

from __future__ import annotations

from django.db.models import Q

from assessments.models import Participant, Round
from competency.scoring import EPS

from .models import ReportSnapshot


def previous_snapshots(
    *, rnd: Round, participants: list[Participant]
) -> dict[int, dict[str, tuple[dict, dict]]]:
    """participant id -> competency code -> (previous round data, previous competency data).

    Only released rounds of the same agency that come before ``rnd`` (fiscal
    year, then half); per code, the latest such round that had the code.
    """
    by_employee = {p.employee_id: p.pk for p in participants}
    if not by_employee:
        return {}
    earlier = Q(round__fiscal_year__lt=rnd.fiscal_year) | Q(
        round__fiscal_year=rnd.fiscal_year, round__half__lt=rnd.half
    )
    snaps = (
        ReportSnapshot.objects.filter(
            earlier,
            round__agency_id=rnd.agency_id,
            round__state=Round.State.RELEASED,
            participant__employee_id__in=list(by_employee),
        )
        .exclude(round_id=rnd.pk)
        .order_by("-round__fiscal_year", "-round__half", "-round_id")
        .values_list("participant__employee_id", "data")
    )
    out: dict[int, dict[str, tuple[dict, dict]]] = {}
    for employee_id, data in snaps.iterator(chunk_size=200):
        found = out.setdefault(by_employee[employee_id], {})
        for comp in data.get("competencies", []):
            # Newest first: the first round seen with a code is the previous one.
            found.setdefault(comp["code"], (data["round"], comp))
    return out


def _fig(value) -> float | None:
    return None if value is None else round(float(value), 4)


def progress_data(*, previous: tuple[dict, dict] | None, current: dict,
                  pass_mark: float) -> dict | None:
    """The ``previous`` entry of a competency in the snapshot (schema 2), or None."""
    if previous is None:
        return None
    prev_round, prev = previous
    now_by_code = {
        ind["code"]: ind for level in current["levels"] for ind in level["indicators"]
    }
    cleared, remaining = [], []
    for item in prev.get("blocking", []):
        now = now_by_code.get(item["code"])
        if now is None:  # no such indicator in this round's version of the texts
            continue
        row = {"code": item["code"], "text": now["text"], "before": _fig(item.get("score")),
               "now": now["score"]}
        passed = now["score"] is not None and now["score"] >= pass_mark - EPS
        (cleared if passed else remaining).append(row)
    return {
        "round": {
            "id": prev_round.get("id"),
            "name": prev_round.get("name"),
            "fiscal_year": prev_round.get("fiscal_year"),
            "half": prev_round.get("half"),
        },
        "shown_level": prev.get("shown_level"),
        "expected_level": prev.get("expected_level"),
        "gap_points": prev.get("gap_points"),
        "levels": [
            {"number": lv["number"], "score": lv.get("score"), "attained": lv.get("attained")}
            for lv in prev.get("levels", [])
        ],
        "cleared": cleared,
        "remaining": remaining,
    }
