"""HR: a person's account (status, resend the activation, lift a lockout) and
activation links for a selection of the people list or everyone not yet activated.

Deactivating and reactivating a person are their own actions (the
deactivation services); this page shows the result as the account status.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ...accounts.enqueue import people_activation_enqueue
from ...accounts.services import account_activation_send, account_unlock
from ...accounts.status import employees_with_status
from ...models import AccountEvent, Employee
from ...permissions import can_manage_account, get_or_404
from ..common import run_service
from .common import agency_or_404

EVENTS_SHOWN = 20


def _employee_or_404(request, employee_id: int) -> Employee:
    return get_or_404(Employee.objects.select_related("agency", "unit", "user"),
                      can_manage_account, request.user, pk=employee_id)


def _account_url(employee: Employee) -> str:
    return reverse("hr:person_account", kwargs={"employee_id": employee.pk})


@login_required
@require_safe
def person_account(request, employee_id: int):
    employee = _employee_or_404(request, employee_id)
    [employee] = employees_with_status([employee])
    events = (AccountEvent.objects.filter(employee=employee).select_related("by")
              [:EVENTS_SHOWN])
    return render(request, "hr/person_account.html", {
        "employee": employee, "agency": employee.agency, "events": events,
    })


@login_required
@require_POST
def person_activation_send(request, employee_id: int):
    employee = _employee_or_404(request, employee_id)
    run_service(request, lambda: account_activation_send(employee=employee, by=request.user),
                _("ส่งลิงก์เปิดใช้งานไปที่ %(email)s แล้ว") % {"email": employee.email})
    return redirect(_account_url(employee))


@login_required
@require_POST
def person_unlock(request, employee_id: int):
    employee = _employee_or_404(request, employee_id)
    run_service(request, lambda: account_unlock(employee=employee, by=request.user),
                _("ปลดการระงับการเข้าสู่ระบบของ %(name)s แล้ว") % {"name": employee.full_name})
    return redirect(_account_url(employee))


@login_required
@require_POST
def people_activation_send(request, agency: str):
    """Links for the ticked people, or (``everyone``) all not yet activated; the
    worker sends them and skips whoever is already active."""
    agency_obj = agency_or_404(request, agency)
    back = reverse("hr:people", kwargs={"agency": agency_obj.code})
    if request.POST.get("everyone"):
        ids = None
    else:
        # Ids only: ASCII digits that fit a bigint (a 10,000-digit value made int() raise).
        ids = sorted({int(v) for v in request.POST.getlist("employee")
                      if v.isascii() and v.isdigit() and len(v) < 19})
        if not ids:
            messages.error(request, _("โปรดเลือกบุคลากรอย่างน้อยหนึ่งคน"))
            return redirect(back)
    people_activation_enqueue(agency=agency_obj, employee_ids=ids, by=request.user)
    messages.success(request, _("กำลังส่งลิงก์เปิดใช้งานให้ผู้ที่ยังไม่เปิดใช้งาน (ผู้ที่เปิดใช้งานแล้ว"
                                "หรือไม่มีอีเมลจะถูกข้าม) ดูผลได้ในบันทึกการเปลี่ยนแปลง"))
    return redirect(back)
