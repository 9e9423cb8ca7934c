"""PDPA: HR removes a former employee's personal data after the retention period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ...models import Employee
from ...permissions import can_manage_personal_data, get_or_404
from ...selectors.personal_data import (
    employee_anonymise_refusal,
    employee_last_round_on,
    employee_retention_ends,
    employees_former,
)
from ...services.personal_data import employee_anonymise
from ..common import paginate, show_errors
from .common import agency_or_404


@login_required
@require_safe
def personal_data_list(request, agency: str):
    agency_obj = agency_or_404(request, agency)
    page = paginate(request, employees_former(agency=agency_obj), per_page=50)
    return render(request, "hr/personal_data.html", {"agency": agency_obj, "page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_person(request, employee_id: int):
    employee = get_or_404(
        Employee.objects.select_related("agency", "unit", "personal_data_removal"),
        can_manage_personal_data, request.user, pk=employee_id,
    )
    if request.method == "POST":
        try:
            employee_anonymise(employee=employee, by=request.user)
        except ValidationError as exc:
            show_errors(request, exc)
            return redirect("hr:personal_data_person", employee_id=employee.pk)
        messages.success(request, _("ลบข้อมูลส่วนบุคคลแล้ว ผลการประเมินยังคงอยู่โดยไม่ระบุตัวตน"))
        return redirect("hr:personal_data_list", agency=employee.agency.code)
    return render(request, "hr/personal_data_person.html", {
        "agency": employee.agency,
        "employee": employee,
        "refusal": employee_anonymise_refusal(employee=employee),
        "last_round_on": employee_last_round_on(employee=employee),
        "retention_ends": employee_retention_ends(employee=employee),
    })
