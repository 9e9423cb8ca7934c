"""What the portal holds about a person, and when PDPA lets it be removed."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.thaidate import thai_date

from ..models import Agency, Assignment, Employee, PersonalDataRemoval, Round
from ..signals import personal_data_requested


def employee_personal_data(*, employee: Employee) -> dict:
    """Everything the portal holds about a person, for a PDPA access request.

    Forms the person filled in about others are listed with the ratee and
    status; their own answers are included. What others answered about them
    is not personal data of theirs to reveal rater by rater: it reaches them
    only through their report, within the anonymity rule.
    """
    forms = (
        Assignment.objects.filter(rater=employee)
        .select_related("round", "participant__employee")
        .prefetch_related("ratings__indicator__level__competency", "comments__competency")
    )
    data = {
        "employee": {
            "employee_number": employee.employee_number,
            "title": employee.title,
            "first_name": employee.first_name,
            "last_name": employee.last_name,
            "email": employee.email,
            "position_name": employee.position_name,
            "position_type": employee.position_type,
            "position_level": employee.position_level,
            "unit": employee.unit.name_th,
            "supervisor": employee.supervisor.full_name if employee.supervisor else None,
            "username": employee.user.get_username() if employee.user else None,
        },
        "participations": [
            {
                "round": p.round.name_th,
                "unit": p.unit_name,
                "position_name": p.position_name,
                "expected_levels": p.expected_levels,
            }
            for p in employee.participations.select_related("round")
        ],
        "forms_filled_in": [
            {
                "round": f.round.name_th,
                "ratee": f.participant.employee.full_name,
                "relation": f.group,
                "status": f.status,
                "submitted_at": f.submitted_at,
                "answers": {
                    r.indicator.code: r.value for r in f.ratings.all()
                },
                "comments": {c.competency.code: c.text for c in f.comments.all()},
            }
            for f in forms
        ],
    }
    # The apps above add their part (reports: released results, acknowledgements).
    for _receiver, part in personal_data_requested.send(sender=Employee, employee=employee):
        data.update(part or {})
    return data


def anonymous_name(*, employee_id: int) -> str:
    # Thai, the language of the record, whatever the request's language.
    return f"ผู้ใช้ที่ถูกลบข้อมูล #{employee_id}"


def _rounds_of(employee: Employee) -> QuerySet[Round]:
    return Round.objects.filter(
        Q(participants__employee=employee) | Q(assignments__rater=employee)
    ).distinct()


def employee_last_round_on(*, employee: Employee) -> dt.date | None:
    """The day the person's last round ended (released, else closed, else its deadline)."""
    ended = _rounds_of(employee).aggregate(
        last=Max(Coalesce(TruncDate("released_at"), TruncDate("closed_at"), "deadline"))
    )["last"]
    return ended


def employee_retention_ends(*, employee: Employee) -> dt.date | None:
    last = employee_last_round_on(employee=employee)
    if last is None:
        return None
    return last + relativedelta(years=employee.agency.personal_data_retention_years)


def employee_anonymise_refusal(*, employee: Employee, today: dt.date | None = None) -> str | None:
    """Why the person's data may not be removed yet, or None when it may."""
    today = today or timezone.localdate()
    if PersonalDataRemoval.objects.filter(employee=employee).exists():
        return _("ข้อมูลส่วนบุคคลของบุคคลนี้ถูกลบไปแล้ว")
    if employee.is_active:
        return _("บุคคลนี้ยังปฏิบัติงานอยู่ ลบข้อมูลส่วนบุคคลได้เฉพาะผู้ที่พ้นจากส่วนราชการแล้ว")
    if _rounds_of(employee).exclude(state__in=Round.FINISHED_STATES).exists():
        return _("บุคคลนี้ยังอยู่ในรอบการประเมินที่ยังไม่ปิด จึงยังลบข้อมูลไม่ได้")
    ends = employee_retention_ends(employee=employee)
    if ends is not None and today < ends:
        return _("ยังไม่พ้นระยะเวลาเก็บรักษาข้อมูล %(years)s ปีนับจากรอบการประเมินล่าสุด "
                 "(ลบได้ตั้งแต่ %(date)s)") % {
            "years": employee.agency.personal_data_retention_years, "date": thai_date(ends),
        }
    return None


def employees_due_for_anonymisation(
    *, agency: Agency | None = None, today: dt.date | None = None
) -> list[Employee]:
    """Former employees whose retention period has passed (for the batch command)."""
    qs = Employee.objects.filter(is_active=False, personal_data_removal__isnull=True)
    if agency is not None:
        qs = qs.filter(agency=agency)
    qs = qs.select_related("agency").order_by("agency__code", "employee_number")
    return [e for e in qs if employee_anonymise_refusal(employee=e, today=today) is None]


def employees_former(*, agency: Agency) -> QuerySet[Employee]:
    """Former employees of an agency (for HR's list), removed ones marked."""
    return (
        Employee.objects.filter(agency=agency, is_active=False)
        .select_related("unit", "personal_data_removal")
        # People still to handle first, then those already removed.
        .order_by(F("personal_data_removal__at").asc(nulls_first=True), "employee_number")
    )


def personal_data_rows(*, data: dict) -> list[list]:
    """The my-data download as rows a person can read: (section, item, value), in Thai."""
    people = data["employee"]
    rows = [[_("ข้อมูลบุคคล"), _("เลขประจำตัว"), people["employee_number"]],
            [_("ข้อมูลบุคคล"), _("ชื่อ"),
             f"{people['title']}{people['first_name']} {people['last_name']}"],
            [_("ข้อมูลบุคคล"), _("อีเมล"), people["email"]],
            [_("ข้อมูลบุคคล"), _("ตำแหน่ง"), people["position_name"]],
            [_("ข้อมูลบุคคล"), _("หน่วยงาน"), people["unit"]],
            [_("ข้อมูลบุคคล"), _("ผู้บังคับบัญชา"), people["supervisor"] or "-"]]
    for result in data.get("released_results", []):
        section = _("ผลการประเมิน %(round)s") % {"round": result["round"]}
        for comp in result["competencies"]:
            name = f"{comp['code']} {comp['name']}"
            rows.append([section, name + " — " + _("ระดับที่คาดหวัง"), comp["expected_level"]])
            rows.append([section, name + " — " + _("ระดับที่แสดง"), comp["shown_level"]])
            rows.append([section, name + " — " + _("คะแนนตามเกณฑ์ช่องว่าง"), comp["gap_points"]])
            for number, score in comp["level_scores"].items():
                rows.append([section, name + " — " + _("คะแนนระดับ %(n)s") % {"n": number},
                             score])
        summary = result["summary"]
        if summary.get("points") is not None:
            rows.append([section, _("คะแนนรวมตามเกณฑ์ช่องว่าง"),
                         f"{summary['points']} / {summary['max_points']}"])
    for ack in data.get("acknowledgements", []):
        rows.append([_("การรับทราบผล"), ack["round"], thai_date(timezone.localtime(ack["at"]))])
    for item in data.get("development_plans", []):
        section = _("แผนพัฒนารายบุคคล %(round)s") % {"round": item["round"]}
        how = f"{item['kind']}: {item['detail']}" if item["detail"] else item["kind"]
        period = " – ".join(thai_date(item[key], short=True) for key in ("starts_on", "ends_on"))
        rows.append([section, f"{item['indicator']} {item['text']}",
                     f"{how} · {period} · {item['status']}"])
    for form in data.get("forms_filled_in", []):
        rows.append([_("แบบประเมินที่ฉันกรอก"), f"{form['round']} — {form['ratee']}",
                     form["status"]])
    return rows
