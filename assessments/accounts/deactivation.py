"""Switching a person off (they left the agency) and on again.

Outside the ``services`` package (which re-exports both) so that the staff
import, which the Celery tasks import, can call them without importing the
round services that enqueue those tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ..models import AccountEvent, Assignment, Employee, Round

REASON_MAX = 300
# Forms in these rounds are withdrawn when their rater leaves; a released
# round's unanswered forms are history and stay as they were.
_LIVE_ROUNDS = (Round.State.OPEN, Round.State.CLOSED)


@dataclass(frozen=True)
class StatusChange:
    """What deactivating or reactivating did: the audit entry and the forms withdrawn."""

    event: AccountEvent
    forms_withdrawn: int = 0


def _status_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("โปรดระบุเหตุผล"))
    if "\x00" in reason or len(reason) > REASON_MAX:
        raise ValidationError(_("เหตุผลยาวเกิน 300 ตัวอักษรหรือมีอักขระที่ไม่อนุญาต"))
    return reason


def _locked(employee: Employee) -> Employee:
    return Employee.objects.select_for_update().get(pk=employee.pk)


@transaction.atomic
def employee_deactivate(*, employee: Employee, by, reason: str) -> StatusChange:
    """Switch a person off: they left the agency.

    In one transaction: the employee is marked inactive, and every open form
    they hold as a rater (proposed, not started or draft) in an open or
    closed round is withdrawn, kept with its answers but counted nowhere.
    Their sessions end on their next request and login is refused (see
    ``assessments.middleware`` and ``assessments.auth_backends``, which read
    ``Employee.is_active``, so a direct save in the admin does the same
    there). The audit trail gets an ``AccountEvent`` (deactivated) with the
    reason, and the model history each withdrawn form.
    """
    employee = _locked(employee)
    reason = _status_reason(reason)
    if not employee.is_active:
        raise ValidationError(_("%(name)s พ้นจากส่วนราชการอยู่แล้ว") % {"name": employee.full_name})
    if by is not None and employee.user_id is not None and employee.user_id == by.pk:
        raise ValidationError(_("ระงับการใช้งานบัญชีของตนเองไม่ได้"))
    employee.is_active = False
    employee._history_user = by
    employee.save(update_fields=["is_active"])
    withdrawn = assignments_withdraw_for_rater(rater=employee, by=by, reason=reason)
    return StatusChange(event=_event(employee, AccountEvent.Kind.DEACTIVATED, by, reason),
                        forms_withdrawn=withdrawn)


def assignments_withdraw_for_rater(*, rater: Employee, by, reason: str) -> int:
    """Withdraw the open forms of ``rater`` in live rounds; the model history
    records each change with ``by``. Returns how many were withdrawn."""
    forms = list(
        Assignment.objects.select_for_update().filter(
            rater=rater, status__in=Assignment.WITHDRAWABLE_STATUSES,
            round__state__in=_LIVE_ROUNDS,
        )
    )
    now = timezone.now()
    for form in forms:
        form.status = Assignment.Status.WITHDRAWN
        form.decision_reason = reason[:300]
        form.updated_at = now
    if forms:
        bulk_update_with_history(
            forms, Assignment, ["status", "decision_reason", "updated_at"], default_user=by,
        )
    return len(forms)


@transaction.atomic
def employee_reactivate(*, employee: Employee, by, reason: str) -> StatusChange:
    """Switch a person on again: they may log in. Forms withdrawn when they
    left stay withdrawn (HR adds the person as a rater again if wanted)."""
    employee = _locked(employee)
    reason = _status_reason(reason)
    if employee.is_active:
        raise ValidationError(_("%(name)s ปฏิบัติงานอยู่แล้ว") % {"name": employee.full_name})
    if hasattr(employee, "personal_data_removal"):
        raise ValidationError(_("ข้อมูลส่วนบุคคลของบุคคลนี้ถูกลบแล้ว จึงเปิดใช้งานอีกไม่ได้"))
    employee.is_active = True
    employee._history_user = by
    employee.save(update_fields=["is_active"])
    return StatusChange(event=_event(employee, AccountEvent.Kind.REACTIVATED, by, reason))


def _event(employee: Employee, kind: str, by, reason: str) -> AccountEvent:
    return AccountEvent.objects.create(
        agency_id=employee.agency_id, employee=employee, user_id=employee.user_id, kind=kind,
        by=by, note=reason,
    )
