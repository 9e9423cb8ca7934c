"""The competency part of the appraisal in a report's data (``summary``), laid
out as the OCSC summary sheet: per competency ก (gap points), ข (weight) and
ค = ก × ข, then Σค / (3 × Σข) × the round's weight.

A competency without usable answers is shown as "ไม่มีข้อมูลเพียงพอ" and, by the
round's ``missing_competency`` setting, left out (the default, as before:
neither in Σค nor in Σข) or counted as 0 points. A competency whose expected
level is unknown cannot be scored against it and is left out either way.
With every weight 1 the figures are those of domain.md (sum of points /
(n × 3) × weight), so reports issued before the sheet keep their figures.
"""

from __future__ import annotations

from competency.scoring import DEFAULT_BANDS, appraisal_band, appraisal_sheet


def _fig(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _whole(value: float) -> float | int:
    # 7 rather than 7.0 where the weights are whole: the sheet prints what it adds up.
    return int(value) if float(value).is_integer() else _fig(value)


def summary_data(*, comps: list[dict], weights: dict[str, float], weight: float,
                 missing: str) -> dict:
    """``comps``: the report's competency dicts; ``weights``: code -> weight (ข)."""
    bands = [{"lower": float(lower), "label": label} for lower, label in DEFAULT_BANDS]
    scorable = [c for c in comps if c["expected_level"] is not None or c["shown_level"] is None]
    sheet = appraisal_sheet(
        items=[(c["gap_points"], weights.get(c["code"], 1.0)) for c in scorable],
        weight=weight, missing=missing,
    )
    lines = []
    for comp, line in zip(scorable, sheet.lines, strict=True):
        lines.append({
            "code": comp["code"], "name": comp["name"], "expected_level": comp["expected_level"],
            "shown_level": comp["shown_level"], "points": line.points,
            "weight": _whole(line.weight),
            "product": None if line.product is None else _whole(line.product),
            "counted": line.counted, "no_data": comp["shown_level"] is None,
        })
    out = {"weight": weight, "bands": bands, "missing_competency": missing, "sheet": lines,
           "left_out": [c["code"] for c in comps if c not in scorable]}
    if sheet.competency_part is None:
        return {**out, "points": None, "max_points": 0, "competency_part": None,
                "percent": None, "band": None}
    percent = sheet.product_total / (3 * sheet.weight_total) * 100
    return {
        **out,
        "points": _whole(sheet.product_total),
        "max_points": _whole(3 * sheet.weight_total),
        "competency_part": _fig(sheet.competency_part),
        "percent": _fig(percent),
        "band": appraisal_band(percent=percent, bands=DEFAULT_BANDS),
    }


def sheet_summary(data: dict) -> dict:
    """The summary of report data with its sheet; a report issued before the
    sheet existed (no ``summary.sheet``) gets it from its own figures, every
    weight 1 and no-data competencies left out (the rule it was issued under)."""
    summary = data.get("summary") or {}
    if "sheet" in summary:
        return summary
    return summary_data(comps=data["competencies"], weights={},
                        weight=float(data["round"]["competency_weight"]), missing="omit")
