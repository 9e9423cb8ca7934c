"""HR: people of an agency, their expected level (override with a reason),
and switching a person off (left the agency) or on again."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from competency.selectors import expected_level_table

from ...accounts.deactivation import REASON_MAX
from ...accounts.services import employees_not_activated
from ...accounts.status import employees_with_status, locked_usernames
from ...forms import EmployeeSearchForm
from ...models import Employee
from ...permissions import get_or_404, is_hr
from ...selectors.people import employee_status_changes, employee_withdrawn_forms
from ...services import employee_deactivate, employee_expected_level_set, employee_reactivate
from ..common import form_errors, paginate, run_service, show_errors
from .common import agency_or_404


class ExpectedLevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("ระดับที่คาดหวัง"), coerce=int, empty_value=None, required=False,
        choices=[("", gettext_lazy("ตามตำแหน่ง"))] + [(n, str(n)) for n in range(1, 6)],
    )
    reason = forms.CharField(label=gettext_lazy("เหตุผล"), max_length=300)


# The account filters of the people list: (key, label).
ACCOUNT_FILTERS = (
    ("", gettext_lazy("ปฏิบัติงานอยู่ทั้งหมด")),
    ("not_activated", gettext_lazy("ยังไม่เปิดใช้งาน")),
    ("locked", gettext_lazy("ถูกระงับชั่วคราว")),
    ("deactivated", gettext_lazy("ระงับการใช้งาน")),
)


def _people_filtered(agency, account: str):
    if account == "deactivated":
        return Employee.objects.filter(agency=agency).filter(
            Q(is_active=False) | Q(user__is_active=False))
    if account == "not_activated":
        return employees_not_activated(agency=agency)
    staff = Employee.objects.filter(agency=agency, is_active=True)
    if account == "locked":
        staff = staff.filter(user__username__in=locked_usernames())
    return staff


class StatusChangeForm(forms.Form):
    """Deactivate or reactivate: a reason (kept in the audit trail) and a tick."""

    reason = forms.CharField(
        label=gettext_lazy("เหตุผล"), max_length=REASON_MAX,
        error_messages={"max_length": gettext_lazy("เหตุผลยาวได้ไม่เกิน 300 ตัวอักษร")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("ยืนยัน"),
        error_messages={"required": gettext_lazy("โปรดทำเครื่องหมายยืนยันก่อนดำเนินการ")},
    )


@login_required
@require_safe
def people(request, agency: str):
    agency_obj = agency_or_404(request, agency)
    # Through the search form, as the other searches: a query the database
    # cannot hold (a NUL) or an over-long one finds nobody and says why.
    search = EmployeeSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    account = request.GET.get("account", "")
    if account not in dict(ACCOUNT_FILTERS):
        account = ""
    staff = _people_filtered(agency_obj, account).select_related("unit", "user")
    if search.is_bound and not search.is_valid():
        staff = staff.none()
    elif q:
        staff = staff.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q)
                             | Q(employee_number__icontains=q))
    page = paginate(request, staff.order_by("employee_number"), per_page=25)
    table = expected_level_table()
    page.object_list = employees_with_status(page.object_list)
    for e in page.object_list:
        e.table_level = table.get((e.position_type, e.position_level, "core"))
    return render(request, "hr/people.html", {
        "agency": agency_obj, "page": page, "q": q, "search": search,
        "form": ExpectedLevelForm(),
        "account": account, "account_filters": ACCOUNT_FILTERS,
        "not_activated": employees_not_activated(agency=agency_obj).count(),
    })


def _employee_or_404(request, employee_id: int) -> Employee:
    return get_or_404(
        Employee.objects.select_related("agency", "unit", "user"),
        lambda user, e: is_hr(user, e.agency_id), request.user, pk=employee_id,
    )


@login_required
@require_safe
def person(request, employee_id: int):
    employee = _employee_or_404(request, employee_id)
    return render(request, "hr/person.html", {
        "agency": employee.agency, "employee": employee, "form": StatusChangeForm(),
        "withdrawn": paginate(request, employee_withdrawn_forms(employee=employee), per_page=25),
        "changes": employee_status_changes(employee=employee)[:20],
    })


def _status_change(request, employee_id: int, *, activate: bool):
    employee = _employee_or_404(request, employee_id)
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("hr:person", employee_id=employee.pk)
    service = employee_reactivate if activate else employee_deactivate
    try:
        change = service(employee=employee, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        if activate:
            messages.success(request, _(
                "เปิดใช้งาน %(name)s อีกครั้งแล้ว เข้าสู่ระบบได้ "
                "(แบบประเมินที่ถอนออกแล้วไม่กลับคืน)") % {"name": employee.full_name})
        else:
            messages.success(request, _(
                "ระงับการใช้งาน %(name)s แล้ว ออกจากระบบทุกอุปกรณ์ "
                "และถอนแบบประเมินที่ยังไม่ส่ง %(n)s ฉบับ")
                % {"name": employee.full_name, "n": change.forms_withdrawn})
    return redirect("hr:person", employee_id=employee.pk)


@login_required
@require_POST
def person_deactivate(request, employee_id: int):
    return _status_change(request, employee_id, activate=False)


@login_required
@require_POST
def person_reactivate(request, employee_id: int):
    return _status_change(request, employee_id, activate=True)


@login_required
@require_POST
def person_expected_level(request, employee_id: int):
    employee = get_or_404(
        Employee.objects.select_related("agency"),
        lambda user, e: is_hr(user, e.agency_id), request.user, pk=employee_id,
    )
    form = ExpectedLevelForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: employee_expected_level_set(
            employee=employee, level=form.cleaned_data["level"],
            reason=form.cleaned_data["reason"],
        ), _("บันทึกระดับที่คาดหวังของ %(name)s แล้ว (มีผลกับรอบที่เปิดหลังจากนี้)")
            % {"name": employee.full_name})
    else:
        form_errors(request, form)
    return redirect(f"{_people_url(employee)}?q={employee.employee_number}")


def _people_url(employee: Employee) -> str:
    return reverse("hr:people", kwargs={"agency": employee.agency.code})
