"""HR's summary of a round's development plans by unit, and its XLSX.

What kinds of development people ask for, and how many, per unit (the unit
frozen in the round, as on the heatmap): people with a plan, plans agreed,
items by kind and items done. Counted from the plans as they stand (asked
for, agreed or not; the "agreed" column says how many are). A constant
number of queries whatever the round's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from assessments.models import Participant, Round
from competency.tabular import xlsx_book_bytes
from competency.thaidate import input_date

from ..exports import unit_parent_names
from ..models import DevelopmentPlanItem

Item = DevelopmentPlanItem
KINDS = tuple(Item.Kind.values)


@dataclass
class UnitPlans:
    unit_id: int
    unit: str
    parent: str = ""
    people: int = 0
    with_plan: int = 0
    agreed: int = 0
    items: int = 0
    done: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def kind_counts(self) -> list[int]:
        return [self.kinds[k] for k in KINDS]

    @property
    def kinds_chosen(self) -> list[tuple[str, int]]:
        """(short label, items) of the kinds this unit chose: the phone's line under the unit."""
        return [(label, n) for label, n in zip(kind_short_labels(), self.kind_counts, strict=True)
                if n]

    def add(self, other: UnitPlans) -> None:
        for name in ("people", "with_plan", "agreed", "items", "done"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind in KINDS:
            self.kinds[kind] += other.kinds[kind]


def round_plan_summary(*, rnd: Round) -> tuple[list[UnitPlans], UnitPlans]:
    """(one row per unit of the round's participants, by name; the agency's total)."""
    rows: dict[int, UnitPlans] = {}
    for unit_id, unit_name, n in (Participant.objects.filter(round=rnd)
                                  .values_list("unit_id", "unit_name").annotate(n=Count("pk"))
                                  .order_by()):
        rows[unit_id] = UnitPlans(unit_id=unit_id, unit=unit_name, people=n)
    items = Item.objects.filter(plan__participant__round=rnd)
    unit = "plan__participant__unit_id"
    for unit_id, people, agreed, n, done in (
        items.values_list(unit).order_by()
        .annotate(people=Count("plan", distinct=True),
                  agreed=Count("plan", distinct=True, filter=Q(plan__agreed_at__isnull=False)),
                  n=Count("pk"), done=Count("pk", filter=Q(status=Item.Status.DONE)))
    ):
        row = rows[unit_id]
        row.with_plan, row.agreed, row.items, row.done = people, agreed, n, done
    for unit_id, kind, n in items.values_list(unit, "kind").annotate(n=Count("pk")).order_by():
        rows[unit_id].kinds[kind] = n
    parents = unit_parent_names(rows)
    for row in rows.values():
        row.parent = parents.get(row.unit_id, "")
    ordered = sorted(rows.values(), key=lambda r: (r.unit, r.parent, r.unit_id))
    total = UnitPlans(unit_id=0, unit=_("ทั้งส่วนราชการ"))
    for row in ordered:
        total.add(row)
    return ordered, total


def kind_labels() -> list[str]:
    return [str(label) for _value, label in Item.Kind.choices]


def kind_short_labels() -> list[str]:
    """Column heads of the page's table (the full names are listed above it)."""
    short = {Item.Kind.TRAINING: _("ฝึกอบรม"), Item.Kind.ON_THE_JOB: _("เรียนรู้จากงาน"),
             Item.Kind.COACHING: _("สอนงาน"), Item.Kind.SELF_STUDY: _("ศึกษาด้วยตนเอง"),
             Item.Kind.OTHER: _("อื่น ๆ")}
    return [short[kind] for kind in KINDS]


def _summary_sheet(rows: list[UnitPlans], total: UnitPlans) -> tuple[str, list, list]:
    headers = [_("หน่วยงาน"), _("สังกัด"), _("ผู้รับการประเมิน"), _("มีแผนพัฒนา"),
               _("ผู้บังคับบัญชาเห็นชอบแล้ว"), _("รายการพัฒนา"), *kind_labels(),
               _("ดำเนินการแล้วเสร็จ")]
    lines = [[r.unit, r.parent, r.people, r.with_plan, r.agreed, r.items, *r.kind_counts, r.done]
             for r in [*rows, total]]
    return _("สรุปตามหน่วยงาน"), headers, lines


def _items_sheet(rnd: Round) -> tuple[str, list, list]:
    headers = [_("หน่วยงาน"), _("เลขประจำตัว"), _("ชื่อ-นามสกุล"), _("ตำแหน่ง"), _("สมรรถนะ"),
               _("พฤติกรรมบ่งชี้"), _("วิธีการพัฒนา"), _("รายละเอียดการพัฒนา"), _("วันเริ่มต้น"),
               _("วันสิ้นสุด"), _("สถานะ"), _("ผู้บังคับบัญชาเห็นชอบแล้ว")]
    items = (Item.objects.filter(plan__participant__round=rnd)
             .select_related("plan__participant__employee", "indicator__level__competency")
             .order_by("plan__participant__unit_name",
                       "plan__participant__employee__employee_number",
                       "indicator__level__competency__code", "indicator__level__number",
                       "indicator__order"))
    yes, no = _("ใช่"), _("ไม่ใช่")
    lines = []
    for item in items:
        person, indicator = item.plan.participant, item.indicator
        competency = indicator.level.competency
        lines.append([
            person.unit_name, person.employee.employee_number, person.employee.full_name,
            person.position_name, f"{competency.code} {competency.name_th}",
            f"{indicator.level.number}.{indicator.order} {indicator.text_th}",
            item.get_kind_display(), item.detail,
            # Buddhist-era text: a date cell would show the Christian year.
            input_date(item.starts_on), input_date(item.ends_on), item.get_status_display(),
            yes if item.plan.agreed_at else no,
        ])
    return _("รายการพัฒนา"), headers, lines


def round_plans_xlsx(*, rnd: Round) -> bytes:
    """Two sheets: the summary by unit, and every item (what a person typed is
    text, never a formula: ``competency.tabular`` writes it)."""
    rows, total = round_plan_summary(rnd=rnd)
    return xlsx_book_bytes(sheets=[_summary_sheet(rows, total), _items_sheet(rnd)])
