"""Which employee a directory's identity names."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from ..models import Employee


class Refusal(StrEnum):
    UNKNOWN = "unknown"  # no employee record matches
    INACTIVE = "inactive"  # the employee has left, or the account is switched off
    AMBIGUOUS = "ambiguous"  # several employee records match
    BOUND = "bound"  # the account is bound to another identity of this directory
    FAILED = "failed"  # the provider answered with an error, or the exchange failed


REFUSAL_MESSAGES = {
    Refusal.UNKNOWN: _("ไม่พบข้อมูลบุคลากรที่ตรงกับบัญชีนี้ "
                       "โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการ"),
    Refusal.INACTIVE: _("บัญชีนี้ถูกระงับการใช้งาน "
                        "โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการ"),
    Refusal.AMBIGUOUS: _("พบข้อมูลบุคลากรมากกว่าหนึ่งรายการที่ตรงกับบัญชีนี้ "
                         "โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการ"),
    Refusal.BOUND: _("บัญชีผู้ใช้ในระบบนี้ผูกกับบัญชีอื่นของผู้ให้บริการยืนยันตัวตนแล้ว "
                     "โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการ"),
    Refusal.FAILED: _("การเข้าสู่ระบบผ่านผู้ให้บริการยืนยันตัวตนไม่สำเร็จ โปรดลองอีกครั้ง "
                      "หากยังไม่สำเร็จ โปรดติดต่อเจ้าหน้าที่บริหารทรัพยากรบุคคลของส่วนราชการ"),
}


class SignInRefused(Exception):
    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


def employee_for_identity(*, match: str, value: object) -> Employee:
    """The one active employee whose e-mail (``match="email"``) or employee
    number (``match="number"``) is ``value``; raises SignInRefused otherwise."""
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        raise SignInRefused(Refusal.UNKNOWN)
    people = Employee.objects.select_related("user").filter(user__isnull=False)
    if match == "email":
        people = people.filter(email__iexact=value)
    else:
        people = people.filter(employee_number=value)
    found = list(people[:2])
    if not found:
        raise SignInRefused(Refusal.UNKNOWN)
    if len(found) > 1:
        # The same number in two agencies, or an address shared by two records:
        # picking one would sign someone in as another person.
        raise SignInRefused(Refusal.AMBIGUOUS)
    employee = found[0]
    if not employee.is_active or not employee.user.is_active:
        raise SignInRefused(Refusal.INACTIVE)
    return employee
