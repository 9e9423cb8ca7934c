"""Changes HR makes to a person between rounds."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Employee


@transaction.atomic
def employee_expected_level_set(
    *, employee: Employee, level: int | None, reason: str
) -> Employee:
    """Override (or, with ``level`` None, clear) a person's expected level.

    The override replaces the position table for every competency of rounds
    opened from now on; open and past rounds keep what they froze. A reason
    is required and kept in the person's history.
    """
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    reason = (reason or "").strip()
    if level is not None and not 1 <= level <= 5:
        raise ValidationError(_("ระดับที่คาดหวังต้องอยู่ระหว่าง 1 ถึง 5"))
    if not reason:
        raise ValidationError(_("โปรดระบุเหตุผลของการกำหนดระดับที่คาดหวัง"))
    if "\x00" in reason or len(reason) > 300:
        raise ValidationError(_("เหตุผลยาวเกิน 300 ตัวอักษรหรือมีอักขระที่ไม่อนุญาต"))
    employee.expected_level_override = level
    employee.expected_level_override_reason = reason
    employee.save(update_fields=["expected_level_override", "expected_level_override_reason"])
    return employee
