"""Employees: checks every row, then creates or updates them all in one transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from competency.choices import POSITION_LEVELS_BY_TYPE, PositionLevel, PositionType

from ..accounts.deactivation import employee_deactivate, employee_reactivate
from ..models import Agency, Employee, OrgUnit
from .columns import (
    EMPLOYEE_COLUMNS,
    cell_problems,
    employee_active_value,
    lookup,
    position_level_map,
    position_type_map,
)
from .plan import Plan, Progress, cycle_message, find_cycles, ticker

FIELDS = ("title", "first_name", "last_name", "position_name", "position_type",
          "position_level", "email")
LABELS = {c.key: c.label for c in EMPLOYEE_COLUMNS}


def _clean_row(row: dict, *, units, type_map, level_map) -> tuple[dict, list[str]]:
    problems = cell_problems(EMPLOYEE_COLUMNS, row)
    clean = {k: row.get(k, "") for k in FIELDS}
    clean["email"] = clean["email"].lower()
    if not row["first_name"] or not row["last_name"]:
        problems.append(_("ชื่อหรือนามสกุลว่าง"))
    if not row["position_name"]:
        problems.append(_("ไม่ได้ระบุชื่อตำแหน่ง"))
    ptype = lookup(type_map, row["position_type"])
    level = lookup(level_map, row["position_level"])
    if ptype is None:
        problems.append(_("ไม่รู้จักประเภทตำแหน่ง “%(value)s” (ใช้ ทั่วไป วิชาการ อำนวยการ หรือ บริหาร)")
                        % {"value": row["position_type"]})
    if level is None:
        problems.append(_("ไม่รู้จักระดับตำแหน่ง “%(value)s”") % {"value": row["position_level"]})
    elif ptype is not None and level not in POSITION_LEVELS_BY_TYPE[ptype]:
        problems.append(
            _("ระดับตำแหน่ง “%(level)s” ใช้กับประเภทตำแหน่ง “%(type)s” ไม่ได้")
            % {"level": PositionLevel(level).label, "type": PositionType(ptype).label}
        )
    clean["position_type"], clean["position_level"] = ptype, level
    unit = units.get(row["unit_code"])
    if not row["unit_code"]:
        problems.append(_("ไม่ได้ระบุหน่วยงาน"))
    elif unit is None:
        problems.append(_("ไม่พบหน่วยงานรหัส “%(code)s” ในระบบ (นำเข้าหน่วยงานก่อน)")
                        % {"code": row["unit_code"]})
    clean["unit"] = unit
    if clean["email"]:
        try:
            validate_email(clean["email"])
        except ValidationError:
            problems.append(_("อีเมล “%(value)s” ไม่ถูกต้อง") % {"value": row["email"]})
    clean["supervisor_number"] = row["supervisor_number"]
    clean["is_active"] = employee_active_value(row.get("status", ""))
    if clean["is_active"] is None:
        problems.append(_("ไม่รู้จักสถานะ “%(value)s” (เว้นว่างหรือ ปฏิบัติงาน สำหรับผู้ที่ยังปฏิบัติงาน "
                          "หรือ พ้นจากส่วนราชการ สำหรับผู้ที่ออกไปแล้ว)") % {"value": row["status"]})
    return clean, problems


def employees_plan(
    *, agency: Agency, rows: list[tuple[int, dict]], progress: Progress | None = None
) -> Plan:
    """Check every row against the file and the database; nothing is written."""
    plan = Plan()
    units = {u.code: u for u in OrgUnit.objects.filter(agency=agency)}
    existing = {
        e.employee_number: e
        for e in Employee.objects.filter(agency=agency).select_related("unit", "supervisor")
    }
    type_map, level_map = position_type_map(), position_level_map()
    parsed: dict[str, tuple[int, dict, bool]] = {}  # number -> (line, clean, valid)
    tick = ticker(progress, len(rows), 0, 80)
    for done, (line, row) in enumerate(rows, 1):
        number = row["employee_number"]
        clean, problems = _clean_row(row, units=units, type_map=type_map, level_map=level_map)
        if not number:
            problems.insert(0, _("ไม่ได้ระบุเลขประจำตัว"))
        elif number in parsed:
            problems.insert(0, _("เลขประจำตัว %(number)s ซ้ำกับบรรทัดที่ %(line)s ในไฟล์")
                            % {"number": number, "line": parsed[number][0]})
        else:
            parsed[number] = (line, clean, not problems)
        for message in problems:
            plan.error(line, number, message)
        tick(done)

    # Supervisors: in the file or already in the agency, and never a cycle.
    links = {num: (e.supervisor.employee_number if e.supervisor else None)
             for num, e in existing.items()}
    for number, (line, clean, _valid) in parsed.items():
        sup = clean["supervisor_number"]
        links[number] = sup or None
        if sup and sup != number and sup not in parsed and sup not in existing:
            plan.error(line, number, _("ไม่พบผู้บังคับบัญชาเลขประจำตัว %(number)s")
                       % {"number": sup})
            parsed[number] = (line, clean, False)
            links[number] = None
    for number, cycle in find_cycles(links, parsed.keys()).items():
        if number in parsed:
            line, clean, _valid = parsed[number]
            plan.error(line, number, cycle_message(cycle))
            parsed[number] = (line, clean, False)

    taken = dict(
        get_user_model().objects.filter(username__in=list(parsed))
        .values_list("username", "employee__agency_id")
    )
    for number, (line, clean, valid) in parsed.items():
        emp = existing.get(number)
        if number in taken and (emp is None or emp.user_id is None):
            plan.error(line, number, _("ชื่อผู้ใช้ %(number)s มีอยู่แล้วในระบบ (เป็นของบุคคลอื่น)")
                       % {"number": number})
            valid = False
        if not valid:
            continue
        name = f"{clean['title']}{clean['first_name']} {clean['last_name']}".strip()
        item = {"line": line, "key": number, "name": name, "row": clean}
        if emp is None:
            plan.create.append(item)
            continue
        changes = _changes(emp, clean)
        (plan.update if changes else plan.unchanged).append(item | {"changes": changes})
    if progress:
        progress(100)
    return plan


def _changes(emp: Employee, clean: dict) -> list[list[str]]:
    changes = []
    for name in FIELDS:
        old, new = getattr(emp, name), clean[name]
        if old != new:
            if name == "position_type":
                old, new = PositionType(old).label, PositionType(new).label
            elif name == "position_level":
                old, new = PositionLevel(old).label, PositionLevel(new).label
            changes.append([str(LABELS[name]), str(old), str(new)])
    if emp.unit_id != clean["unit"].pk:
        changes.append([str(LABELS["unit_code"]), emp.unit.code, clean["unit"].code])
    old_sup = emp.supervisor.employee_number if emp.supervisor else ""
    if old_sup != clean["supervisor_number"]:
        changes.append([str(LABELS["supervisor_number"]), old_sup, clean["supervisor_number"]])
    if emp.is_active != clean["is_active"]:
        working, left = _("ปฏิบัติงานอยู่"), _("พ้นจากส่วนราชการ")
        changes.append([_("สถานะ"), *((left, working) if clean["is_active"] else (working, left))])
    return changes


@transaction.atomic
def employees_apply(
    *, agency: Agency, rows: list[tuple[int, dict]], progress: Progress | None = None,
    by=None,
) -> Plan:
    """Create and update every employee of the file, or nothing at all.

    The plan is computed again under a lock on the agency, so a dry run that
    went stale (someone else imported meanwhile) cannot half-apply. A person
    the file marks as having left (or as working again) is switched through
    ``employee_deactivate`` / ``employee_reactivate``, with ``by`` (the user
    who uploaded) in the audit trail, exactly as from HR's person page.
    """
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    plan = employees_plan(agency=agency, rows=rows)
    if plan.errors:
        raise ValidationError(
            _("ไฟล์มีข้อผิดพลาด %(n)s รายการ จึงไม่ได้นำเข้าข้อมูลใด ๆ") % {"n": plan.error_count}
        )
    if progress:
        progress(20)
    user_model = get_user_model()
    unusable = make_password(None)
    existing = {e.employee_number: e for e in Employee.objects.filter(agency=agency)}
    needs_user = [i for i in plan.create] + [
        i for i in plan.update + plan.unchanged if existing[i["key"]].user_id is None
    ]
    users = user_model.objects.bulk_create(
        [user_model(username=i["key"], email=i["row"]["email"], password=unusable)
         for i in needs_user],
        batch_size=2000,
    )
    user_ids = dict(
        user_model.objects.filter(username__in=[u.username for u in users])
        .values_list("username", "id")
    )
    if progress:
        progress(40)

    def fill(emp: Employee, clean: dict) -> None:
        for name in FIELDS:
            setattr(emp, name, clean[name])
        emp.unit = clean["unit"]

    new = []
    for item in plan.create:
        emp = Employee(agency=agency, employee_number=item["key"],
                       user_id=user_ids.get(item["key"]), is_active=item["row"]["is_active"])
        fill(emp, item["row"])
        new.append(emp)
    bulk_create_with_history(new, Employee, batch_size=2000)
    changed = []
    for item in plan.update:
        emp = existing[item["key"]]
        fill(emp, item["row"])
        changed.append(emp)
    for item in plan.unchanged:
        if item["key"] in user_ids:
            existing[item["key"]].user_id = user_ids[item["key"]]
            changed.append(existing[item["key"]])
    for emp in changed:
        emp.user_id = emp.user_id or user_ids.get(emp.employee_number)
    if changed:
        bulk_update_with_history(changed, Employee, [*FIELDS, "unit", "user"], batch_size=2000)
    if progress:
        progress(70)

    # Supervisors last: a supervisor may be a row further down the file.
    ids = dict(Employee.objects.filter(agency=agency).values_list("employee_number", "id"))
    wanted = {item["key"]: ids.get(item["row"]["supervisor_number"])
              for item in plan.create + plan.update}
    moved = []
    for emp in Employee.objects.filter(agency=agency, employee_number__in=list(wanted)):
        if emp.supervisor_id != wanted[emp.employee_number]:
            emp.supervisor_id = wanted[emp.employee_number]
            moved.append(emp)
    if moved:
        bulk_update_with_history(moved, Employee, ["supervisor"], batch_size=2000)
    if progress:
        progress(85)
    _switch_status(plan=plan, existing=existing, by=by)
    if progress:
        progress(100)
    return plan


def _switch_status(*, plan: Plan, existing: dict[str, Employee], by) -> None:
    """People whose status the file changes: off (forms withdrawn) or on again."""
    reason = _("นำเข้าข้อมูลบุคลากรจากไฟล์")
    for item in plan.update:
        emp, active = existing[item["key"]], item["row"]["is_active"]
        if emp.is_active == active:
            continue
        switch = employee_reactivate if active else employee_deactivate
        switch(employee=emp, by=by, reason=reason)
