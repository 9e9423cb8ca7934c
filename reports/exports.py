"""Round exports and the heatmap, read from the report snapshots.

Figures come from ``reports.ReportSnapshot.data``, never recomputed here, so
an export shows exactly what the reports show: the same anonymity rule (a
small group left out of every figure), the same released version until HR
re-releases. The one place this app reads the reports app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from assessments.models import OrgUnit, Round
from assessments.selectors import round_non_responders
from competency.tabular import csv_bytes, xlsx_bytes

from .models import ReportSnapshot
from .snapshot_summary import sheet_summary

LEVELS = range(0, 6)


def round_has_results(*, rnd: Round) -> bool:
    return rnd.state in Round.FINISHED_STATES


def round_snapshot_rows(*, rnd: Round, unit_id: int | None = None) -> list[tuple[int, str, dict]]:
    """(unit id, unit name, snapshot data) per participant, by unit then number."""

    qs = ReportSnapshot.objects.filter(round=rnd).select_related("participant")
    if unit_id is not None:
        qs = qs.filter(participant__unit_id=unit_id)
    rows = [(s.participant.unit_id, s.participant.unit_name, s.data) for s in qs]
    rows.sort(key=lambda r: (r[1], r[0], r[2]["person"]["employee_number"]))
    return rows


def unit_parent_names(unit_ids) -> dict[int, str]:
    # Two units may share a name (every bureau has its own planning group).
    return {
        u.pk: (u.parent.name_th if u.parent else "")
        for u in OrgUnit.objects.filter(pk__in=list(unit_ids)).select_related("parent")
    }


def round_results_dataset(*, rnd: Round) -> tablib.Dataset:
    """One row per participant: unit, position, and per competency the expected
    and shown levels, gap points and level scores; then the competency part."""
    rows = round_snapshot_rows(rnd=rnd)
    comps = [(c["code"], c["name"]) for c in rows[0][2]["competencies"]] if rows else []
    headers = [_("เลขประจำตัว"), _("ชื่อ-นามสกุล"), _("หน่วยงาน"), _("ตำแหน่ง"),
               _("ประเภทตำแหน่ง"), _("ระดับตำแหน่ง")]
    for code, _name in comps:
        headers += [f"{code} " + _("ระดับที่คาดหวัง"), f"{code} " + _("ระดับที่แสดง"),
                    f"{code} " + _("คะแนนตามเกณฑ์ช่องว่าง")]
        headers += [f"{code} " + _("คะแนนระดับ %(n)s") % {"n": n} for n in range(1, 6)]
    headers += [_("คะแนนรวม"), _("คะแนนเต็ม"), _("คะแนนองค์ประกอบสมรรถนะ")]
    data = tablib.Dataset(headers=headers, title=_("ผลการประเมิน")[:31])
    for _unit_id, _unit, snap in rows:
        person = snap["person"]
        line = [person["employee_number"], person["name"], person["unit"], person["position"],
                person["position_type"], person["position_level"]]
        by_code = {c["code"]: c for c in snap["competencies"]}
        for code, _name in comps:
            c = by_code.get(code, {})
            scores = {lv["number"]: lv["score"] for lv in c.get("levels", [])}
            line += [c.get("expected_level"), c.get("shown_level"), c.get("gap_points")]
            line += [scores.get(n) for n in range(1, 6)]
        summary = snap.get("summary", {})
        line += [summary.get("points"), summary.get("max_points"), summary.get("competency_part")]
        data.append(line)
    return data


def round_summary_dataset(*, rnd: Round) -> tablib.Dataset:
    """The OCSC summary sheet of the whole round, for the appraisal system: one
    row per person keyed by employee number; per competency ก (gap points),
    ข (weight), ค = ก × ข; then Σค, the full marks and the competency part out
    of the round's weight. Empty ก and ค: the competency was left out."""
    rows = round_snapshot_rows(rnd=rnd)
    rows.sort(key=lambda r: r[2]["person"]["employee_number"])
    snaps = [(snap, sheet_summary(snap)) for _u, _n, snap in rows]
    codes = [line["code"] for line in snaps[0][1]["sheet"]] if snaps else []
    headers = [_("เลขประจำตัว"), _("ชื่อ-นามสกุล"), _("หน่วยงาน"), _("ตำแหน่ง")]
    for code in codes:
        headers += [f"{code} " + _("ระดับที่คาดหวัง"), f"{code} " + _("ระดับที่แสดง"),
                    f"{code} " + _("คะแนน (ก)"), f"{code} " + _("น้ำหนัก (ข)"),
                    f"{code} " + _("รวมคะแนน (ค)")]
    headers += [_("ผลรวม (ค)"), _("คะแนนเต็ม"), _("คะแนนองค์ประกอบด้านสมรรถนะ"),
                _("น้ำหนักองค์ประกอบสมรรถนะ")]
    data = tablib.Dataset(headers=headers, title=_("สรุปผลสมรรถนะ")[:31])
    no_data = _("ไม่มีข้อมูลเพียงพอ")
    for snap, summary in snaps:
        person = snap["person"]
        line = [person["employee_number"], person["name"], person["unit"], person["position"]]
        by_code = {item["code"]: item for item in summary["sheet"]}
        for code in codes:
            item = by_code.get(code)
            if item is None:
                line += [None] * 5
                continue
            line += [item["expected_level"],
                     no_data if item["no_data"] else item["shown_level"],
                     item["points"] if item["counted"] else None, item["weight"],
                     item["product"] if item["counted"] else None]
        line += [summary["points"], summary["max_points"], summary["competency_part"],
                 summary["weight"]]
        data.append(line)
    return data


def round_non_responders_dataset(*, rnd: Round) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=[_("เลขประจำตัว"), _("ชื่อ-นามสกุล"), _("หน่วยงาน"), _("อีเมล"),
                 _("แบบประเมินที่ยังไม่ส่ง")],
        title=_("ผู้ที่ยังไม่ส่งแบบประเมิน")[:31],
    )
    for e in round_non_responders(rnd=rnd):
        data.append([e.employee_number, e.full_name, e.unit.name_th, e.email, e.owed])
    return data


def dataset_bytes(*, data: tablib.Dataset, fmt: str) -> bytes:
    """XLSX, or CSV in UTF-8 with a BOM so Excel shows the Thai correctly;
    formulas neutralised in both (names and units come from imported files)."""
    if fmt == "xlsx":
        return xlsx_bytes(headers=data.headers, rows=data, title=data.title or "Sheet1")
    return csv_bytes(headers=data.headers, rows=data)


@dataclass
class HeatRow:
    unit_id: int
    unit: str
    parent: str = ""
    total: int = 0
    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    no_result: int = 0
    meeting: int = 0
    with_expected: int = 0

    @property
    def cells(self) -> list[tuple[int, int, int, int]]:
        """(level, count, share of the unit in %, colour step 0-10) for levels 0-5."""
        out = []
        for lv, n in self.levels.items():
            pct = round(100 * n / self.total) if self.total else 0
            out.append((lv, n, pct, (pct + 5) // 10))
        return out

    @property
    def meeting_pct(self) -> int | None:
        return round(100 * self.meeting / self.with_expected) if self.with_expected else None


def round_heatmap(*, rnd: Round, competency: str | None = None,
                  unit_id: int | None = None) -> tuple[list[dict], str | None, list[HeatRow]]:
    """Units by rows: how many people show each level 0-5 of one competency,
    and the share who meet their expected level. Returns (competencies, chosen, rows)."""
    rows = round_snapshot_rows(rnd=rnd, unit_id=unit_id)
    comps = ([{"code": c["code"], "name": c["name"]} for c in rows[0][2]["competencies"]]
             if rows else [])
    codes = [c["code"] for c in comps]
    chosen = competency if competency in codes else (codes[0] if codes else None)
    by_unit: dict[int, HeatRow] = {}
    total = HeatRow(unit_id=0, unit=_("ทั้งส่วนราชการ"))
    for uid, unit, snap in rows:
        heat = by_unit.setdefault(uid, HeatRow(unit_id=uid, unit=unit))
        c = next((c for c in snap["competencies"] if c["code"] == chosen), None)
        for target in (heat, total):
            target.total += 1
            if c is None or c.get("shown_level") is None:
                target.no_result += 1
                continue
            target.levels[c["shown_level"]] += 1
            if c.get("expected_level") is not None:
                target.with_expected += 1
                target.meeting += bool(c.get("meets_expected"))
    parents = unit_parent_names(by_unit)
    for heat in by_unit.values():
        heat.parent = parents.get(heat.unit_id, "")
    out = sorted(by_unit.values(), key=lambda h: (h.unit, h.parent))
    if len(out) > 1:
        out.append(total)
    return comps, chosen, out


def unit_people(*, rnd: Round, unit_id: int, competency: str | None) -> list[dict]:
    """The people of one unit with their shown and expected level (drill-down)."""
    people = []
    for _uid, _unit, snap in round_snapshot_rows(rnd=rnd, unit_id=unit_id):
        c = next((c for c in snap["competencies"] if c["code"] == competency),
                 (snap["competencies"] or [{}])[0])
        people.append({"person": snap["person"], "expected": c.get("expected_level"),
                       "shown": c.get("shown_level"), "gap": c.get("gap_points"),
                       "meets": c.get("meets_expected"),
                       "participant_id": snap["person"]["participant_id"]})
    return people
