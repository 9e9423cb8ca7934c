"""Reading development plans for the plan pages and the report."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Participant

from ..models import DevelopmentPlan, DevelopmentPlanItem, ReportSnapshot
from .printing import indicator_index


def participant_plan(*, participant: Participant) -> DevelopmentPlan | None:
    return (DevelopmentPlan.objects.filter(participant=participant)
            .select_related("agreed_by__employee").first())


@dataclass
class ShownItem:
    """An item with the indicator as the person's report names it."""

    item: DevelopmentPlanItem
    competency: str
    code: str
    text: str


def plan_items(*, plan: DevelopmentPlan | None, snapshot: ReportSnapshot) -> list[ShownItem]:
    """The plan's items in the order the report prints them (competency, level, order)."""
    if plan is None:
        return []
    index = indicator_index(snapshot.data)
    rows = []
    for item in plan.items.all():
        place, comp, ind = index.get(item.indicator_id, (len(index), {}, {}))
        code = ind.get("code", "")
        key = (place, tuple(int(p) for p in code.split(".") if p.isdigit()), item.pk)
        rows.append((key, ShownItem(item=item, competency=comp.get("name", ""), code=code,
                                    text=ind.get("text", ""))))
    return [row for _key, row in sorted(rows, key=lambda row: row[0])]


def plan_indicator_choices(*, snapshot: ReportSnapshot) -> list[tuple[str, list[tuple[int, str]]]]:
    """The indicators a plan may name, grouped for a select: first those the
    report suggests developing (blocking the next level, then the weakest),
    then every indicator of each competency of the round."""
    data = snapshot.data
    index = indicator_index(data)
    by_code: dict[tuple[str, str], int] = {
        (comp["code"], ind["code"]): pk for pk, (_p, comp, ind) in index.items()}
    suggested = []
    groups = []
    for comp in data.get("competencies", []):
        for dev in comp.get("development", []):
            pk = by_code.get((comp["code"], dev["code"]))
            if pk is not None:
                suggested.append((pk, f"{comp['code']} · {dev['code']} {dev['text']}"))
        groups.append((f"{comp['name']} ({comp['code']})", [
            (ind["id"], f"{ind['code']} {ind['text']}")
            for level in comp["levels"] for ind in level["indicators"]]))
    return ([("suggested", suggested)] if suggested else []) + groups
