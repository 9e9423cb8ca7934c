"""Units (หน่วยงาน): checks every row, then creates or updates them all at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Agency, OrgUnit
from .columns import UNIT_COLUMNS, cell_problems, lookup, unit_kind_map
from .plan import Plan, Progress, cycle_message, find_cycles, ticker

LABELS = {c.key: c.label for c in UNIT_COLUMNS}


def units_plan(
    *, agency: Agency, rows: list[tuple[int, dict]], progress: Progress | None = None
) -> Plan:
    """Check every row against the file and the database; nothing is written."""
    plan = Plan()
    existing = {u.code: u for u in OrgUnit.objects.filter(agency=agency).select_related("parent")}
    kinds = unit_kind_map()
    parsed: dict[str, tuple[int, dict, bool]] = {}
    tick = ticker(progress, len(rows), 0, 80)
    for done, (line, row) in enumerate(rows, 1):
        code, problems = row["unit_code"], cell_problems(UNIT_COLUMNS, row)
        if not code:
            problems.append(_("ไม่ได้ระบุรหัสหน่วยงาน"))
        elif code in parsed:
            problems.append(_("รหัสหน่วยงาน %(code)s ซ้ำกับบรรทัดที่ %(line)s ในไฟล์")
                            % {"code": code, "line": parsed[code][0]})
        if not row["unit_name"]:
            problems.append(_("ไม่ได้ระบุชื่อหน่วยงาน"))
        kind = lookup(kinds, row["kind"]) if row["kind"] else None
        if row["kind"] and kind is None:
            problems.append(_("ไม่รู้จักประเภทหน่วยงาน “%(value)s” (ใช้ กรม สำนัก/กอง หรือ กลุ่มงาน/ฝ่าย)")
                            % {"value": row["kind"]})
        if kind is None:
            old = existing.get(code)
            kind = old.kind if old else (
                OrgUnit.Kind.BUREAU if row["parent_code"] else OrgUnit.Kind.DEPARTMENT)
        clean = {"name_th": row["unit_name"], "kind": kind, "parent_code": row["parent_code"]}
        if code and code not in parsed:
            parsed[code] = (line, clean, not problems)
        for message in problems:
            plan.error(line, code, message)
        tick(done)

    links = {code: (u.parent.code if u.parent else None) for code, u in existing.items()}
    for code, (line, clean, _valid) in parsed.items():
        parent = clean["parent_code"]
        links[code] = parent or None
        if parent and parent != code and parent not in parsed and parent not in existing:
            plan.error(line, code, _("ไม่พบหน่วยงานต้นสังกัดรหัส %(code)s") % {"code": parent})
            parsed[code] = (line, clean, False)
            links[code] = None
    for code, cycle in find_cycles(links, parsed.keys()).items():
        if code in parsed:
            line, clean, _valid = parsed[code]
            plan.error(line, code, cycle_message(cycle))
            parsed[code] = (line, clean, False)

    for code, (line, clean, valid) in parsed.items():
        if not valid:
            continue
        item = {"line": line, "key": code, "name": clean["name_th"], "row": clean}
        unit = existing.get(code)
        if unit is None:
            plan.create.append(item)
            continue
        changes = []
        if unit.name_th != clean["name_th"]:
            changes.append([str(LABELS["unit_name"]), unit.name_th, clean["name_th"]])
        if unit.kind != clean["kind"]:
            changes.append([str(LABELS["kind"]), unit.get_kind_display(),
                            str(OrgUnit.Kind(clean["kind"]).label)])
        old_parent = unit.parent.code if unit.parent else ""
        if old_parent != clean["parent_code"]:
            changes.append([str(LABELS["parent_code"]), old_parent, clean["parent_code"]])
        (plan.update if changes else plan.unchanged).append(item | {"changes": changes})
    if progress:
        progress(100)
    return plan


@transaction.atomic
def units_apply(
    *, agency: Agency, rows: list[tuple[int, dict]], progress: Progress | None = None,
    by=None,  # noqa: ARG001 - the same call as employees_apply
) -> Plan:
    """Create and update every unit of the file, or nothing at all."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    plan = units_plan(agency=agency, rows=rows)
    if plan.errors:
        raise ValidationError(
            _("ไฟล์มีข้อผิดพลาด %(n)s รายการ จึงไม่ได้นำเข้าข้อมูลใด ๆ") % {"n": plan.error_count}
        )
    OrgUnit.objects.bulk_create(
        [OrgUnit(agency=agency, code=i["key"], name_th=i["row"]["name_th"], kind=i["row"]["kind"])
         for i in plan.create],
        batch_size=2000,
    )
    if progress:
        progress(50)
    # Parents last: a parent may be a row further down the file.
    units = {u.code: u for u in OrgUnit.objects.filter(agency=agency)}
    touched = []
    for item in plan.create + plan.update:
        unit, clean = units[item["key"]], item["row"]
        unit.name_th, unit.kind = clean["name_th"], clean["kind"]
        parent = units.get(clean["parent_code"])
        unit.parent_id = parent.pk if parent else None
        touched.append(unit)
    OrgUnit.objects.bulk_update(touched, ["name_th", "kind", "parent"], batch_size=2000)
    if progress:
        progress(100)
    return plan
