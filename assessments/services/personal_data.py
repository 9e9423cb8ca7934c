"""PDPA: removing a former employee's personal data after the retention period.

The employee row stays (ratings, participations and forms point to it, and
past rounds' figures must add up the same), but everything that names the
person is replaced: the name by a placeholder, the e-mail and employee number
cleared, the login account unlinked and made unusable, the model history
scrubbed of the same fields, login-attempt logs of the account deleted, and
the person's name replaced in the frozen report data.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Agency, Employee, PersonalDataRemoval, Round

FINISHED = (Round.State.CLOSED, Round.State.RELEASED)


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
    if _rounds_of(employee).exclude(state__in=FINISHED).exists():
        return _("บุคคลนี้ยังอยู่ในรอบการประเมินที่ยังไม่ปิด จึงยังลบข้อมูลไม่ได้")
    ends = employee_retention_ends(employee=employee)
    if ends is not None and today < ends:
        from competency.thaidate import thai_date

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


def _scrub_user(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.hr_roles.all().delete()


def _scrub_reports(employee: Employee, placeholder: str, number: str) -> None:
    """Replace the name in the frozen report data (the person's own and, as
    assessor, their staff's); figures stay, the PDF is rendered again."""
    from reports.models import ReportAcknowledgement, ReportSnapshot
    from reports.snapshot import data_hash

    snaps = ReportSnapshot.objects.filter(
        Q(participant__employee=employee) | Q(participant__supervisor=employee)
    ).select_related("participant")
    for snap in snaps:
        data = snap.data
        if snap.participant.employee_id == employee.pk:
            data["person"]["name"] = placeholder
            data["person"]["employee_number"] = number
        if snap.participant.supervisor_id == employee.pk and data.get("assessor"):
            data["assessor"]["name"] = placeholder
        old_hash, new_hash = snap.data_hash, data_hash(data)
        # The acknowledgement was of the same figures: it carries over.
        ReportAcknowledgement.objects.filter(snapshot=snap, data_hash=old_hash).update(
            data_hash=new_hash
        )
        if snap.pdf:
            snap.pdf.delete(save=False)
        snap.data, snap.data_hash, snap.pdf_hash = data, new_hash, ""
        snap.status = ReportSnapshot.Status.QUEUED
        snap.save(update_fields=["data", "data_hash", "pdf", "pdf_hash", "status",
                                 "updated_at"])


@transaction.atomic
def employee_anonymise(*, employee: Employee, by, today: dt.date | None = None) -> Employee:
    """Remove a former employee's personal data; keep their ratings, anonymised.

    Refuses (``ValidationError``) for an active employee, a person still in an
    unfinished round, before the agency's retention period has passed since
    their last round, or a second time. Records a ``PersonalDataRemoval``.
    """
    employee = Employee.objects.select_for_update(of=("self",)).select_related(
        "agency", "user"
    ).get(pk=employee.pk)
    refusal = employee_anonymise_refusal(employee=employee, today=today)
    if refusal:
        raise ValidationError(refusal)
    last = employee_last_round_on(employee=employee)
    placeholder = anonymous_name(employee_id=employee.pk)
    number = f"deleted-{employee.pk}"
    user = employee.user

    employee.title, employee.first_name, employee.last_name = "", placeholder, ""
    employee.email, employee.employee_number = "", number
    employee.expected_level_override_reason = ""
    employee.user = None
    employee._history_user = by  # the audit page shows who did it
    employee.save()
    # Past versions in the history named the person too.
    Employee.history.filter(id=employee.pk).update(
        title="", first_name=placeholder, last_name="", email="", employee_number=number,
        expected_level_override_reason="",
    )
    if user is not None:
        _scrub_user(user)
    _scrub_reports(employee, placeholder, number)
    PersonalDataRemoval.objects.create(employee=employee, by=by, last_round_on=last)
    return employee


def employees_former(*, agency: Agency) -> QuerySet[Employee]:
    """Former employees of an agency (for HR's list), removed ones marked."""
    return (
        Employee.objects.filter(agency=agency, is_active=False)
        .select_related("unit", "personal_data_removal")
        # People still to handle first, then those already removed.
        .order_by(F("personal_data_removal__at").asc(nulls_first=True), "employee_number")
    )
