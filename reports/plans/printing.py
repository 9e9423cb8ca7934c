"""The agreed plan as the report prints it: frozen JSON beside the snapshot.

At agreement the plan is copied, with the indicator texts of the report and
the Thai labels of the day, into ``ReportSnapshot.plan_data``; the PDF is
rendered from ``data`` and ``plan_data`` only, so it is the same bytes for
the same figures and the same agreed plan, years later too.
"""

from __future__ import annotations

from django.utils import timezone, translation

from ..models import DevelopmentPlan, DevelopmentPlanItem


def _labels(choices) -> dict[str, str]:
    # Frozen in Thai, the language of the official record, as the snapshot's labels are.
    with translation.override("th"):
        return {value: str(label) for value, label in choices.choices}


def indicator_index(data: dict) -> dict[int, tuple[int, dict, dict]]:
    """Indicator id -> (the competency's place in the report, competency, indicator)."""
    out = {}
    for place, comp in enumerate(data.get("competencies", [])):
        for level in comp["levels"]:
            for ind in level["indicators"]:
                out[ind["id"]] = (place, comp, ind)
    return out


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def plan_print_data(*, plan: DevelopmentPlan, items: list[DevelopmentPlanItem],
                    data: dict) -> dict:
    """The plan as agreed: its agreement, and each item with the indicator's
    code and text as the report shows them (items outside the report are left out:
    the services never let one in)."""
    kinds, statuses = _labels(DevelopmentPlanItem.Kind), _labels(DevelopmentPlanItem.Status)
    index = indicator_index(data)
    rows = []
    for item in items:
        found = index.get(item.indicator_id)
        if found is None:
            continue
        place, comp, ind = found
        rows.append(((place, _code_key(ind["code"])), {
            "competency": comp["code"],
            "competency_name": comp["name"],
            "indicator": ind["code"],
            "text": ind["text"],
            "kind": item.kind,
            "kind_label": kinds[item.kind],
            "detail": item.detail,
            "starts_on": item.starts_on.isoformat(),
            "ends_on": item.ends_on.isoformat(),
            "status": item.status,
            "status_label": statuses[item.status],
        }))
    rows.sort(key=lambda row: row[0])
    return {
        "agreed_on": timezone.localdate(plan.agreed_at).isoformat(),
        "agreement": plan.agreements,
        "items": [row for _key, row in rows],
    }
