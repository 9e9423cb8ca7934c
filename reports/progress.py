"""Progress across rounds: a person's previous result on the same competency.

The previous figures are read from that round's released snapshot, never
recomputed: the report shows what the person was told then, whatever the
catalogue or the scoring settings became since. Indicators are matched by
competency code, level number and order ("4.2"), because a later round may
use a newer version of the texts.

The development plan agreed in that round (``ReportSnapshot.plan_data``, the
version last agreed) is followed up the same way: each item's indicator, its
figure then and now, and whether it improved.
"""

from __future__ import annotations

from django.db.models import Q

from assessments.models import Participant, Round
from competency.scoring import EPS

from .models import ReportSnapshot

Previous = tuple[dict, dict, list[dict] | None]


def previous_snapshots(
    *, rnd: Round, participants: list[Participant]
) -> dict[int, dict[str, Previous]]:
    """participant id -> competency code -> (previous round data, previous
    competency data, the items of that round's agreed development plan for the
    code, or None when that round had no agreed plan).

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
        .values_list("participant__employee_id", "data", "plan_data")
    )
    out: dict[int, dict[str, Previous]] = {}
    for employee_id, data, plan in snaps.iterator(chunk_size=200):
        found = out.setdefault(by_employee[employee_id], {})
        for comp in data.get("competencies", []):
            items = None if not plan else [
                item for item in plan["items"] if item["competency"] == comp["code"]]
            # Newest first: the first round seen with a code is the previous one.
            found.setdefault(comp["code"], (data["round"], comp,
                                            {"agreed_on": plan["agreed_on"], "items": items}
                                            if items else None))
    return out


def _fig(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _change(before: float | None, now: float | None) -> str:
    if before is None or now is None:
        return "no_data"
    if now > before + EPS:
        return "improved"
    if now < before - EPS:
        return "lower"
    return "same"


def plan_followup(*, plan: dict, prev: dict, now_by_code: dict[str, dict],
                  pass_mark: float) -> dict:
    """Each item of the previous round's agreed plan beside the indicator's
    figure then and now: improved, same, lower, or no_data (no figure in one
    of the rounds, or no such indicator in this round's texts)."""
    before_by_code = {
        ind["code"]: ind for level in prev.get("levels", []) for ind in level["indicators"]
    }
    rows = []
    for item in plan["items"]:
        code = item["indicator"]
        before = _fig((before_by_code.get(code) or {}).get("score"))
        now_ind = now_by_code.get(code)
        now = now_ind["score"] if now_ind else None
        rows.append({
            "code": code,
            "text": now_ind["text"] if now_ind else item["text"],
            "kind": item["kind"], "kind_label": item["kind_label"], "detail": item["detail"],
            "status": item["status"], "status_label": item["status_label"],
            "before": before, "now": now, "change": _change(before, now),
            "passed": now is not None and now >= pass_mark - EPS,
        })
    return {"agreed_on": plan["agreed_on"], "items": rows}


def progress_data(*, previous: Previous | None, current: dict,
                  pass_mark: float) -> dict | None:
    """The ``previous`` entry of a competency in the snapshot (schema 2), or None.

    ``plan`` (the previous round's agreed development plan followed up) is
    there only when that round had one for the competency: reports of people
    without a plan keep their data, and so their hash, as before.
    """
    if previous is None:
        return None
    prev_round, prev, plan = previous
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
    out = {
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
    if plan:
        out["plan"] = plan_followup(plan=plan, prev=prev, now_by_code=now_by_code,
                                    pass_mark=pass_mark)
    return out
