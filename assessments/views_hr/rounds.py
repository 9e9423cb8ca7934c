"""What is missing at closing, and late forms allowed per rater."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..models import Assignment, Employee
from ..services import rater_allow_late
from .common import round_or_404


def round_missing_rows(*, rnd) -> list[dict]:
    """Each rater with open forms: the forms, and whether late submission is allowed."""
    raters = (
        Employee.objects.filter(assignments__round=rnd,
                                assignments__status__in=Assignment.OPEN_STATUSES)
        .annotate(
            owed=Count("assignments"),
            late=Count("assignments", filter=Q(assignments__allow_late=True)),
        )
        .select_related("unit")
        .order_by("unit__name_th", "employee_number")
    )
    forms = defaultdict(list)
    for a in (
        Assignment.objects.filter(round=rnd, status__in=Assignment.OPEN_STATUSES)
        .select_related("participant__employee")
        .order_by("participant__employee__first_name")
    ):
        forms[a.rater_id].append(a)
    return [{"rater": r, "owed": r.owed, "all_late": r.late == r.owed, "forms": forms[r.pk]}
            for r in raters]


@login_required
@require_safe
def round_missing(request, pk: int):
    rnd = round_or_404(request, pk)
    rows = round_missing_rows(rnd=rnd)
    return render(request, "hr/round_missing.html", {
        "round": rnd, "rows": rows, "forms_missing": sum(r["owed"] for r in rows),
        "can_allow": rnd.state in ("open", "closed"),
    })


@login_required
@require_POST
def round_allow_late(request, pk: int, employee_id: int):
    rnd = round_or_404(request, pk)
    rater = Employee.objects.filter(pk=employee_id, agency=rnd.agency).first()
    if rater is None:
        messages.error(request, _("ไม่พบผู้ประเมินรายนี้ในส่วนราชการ"))
        return redirect("hr:round_missing", pk=rnd.pk)
    allow = request.POST.get("allow", "1") == "1"
    try:
        changed = rater_allow_late(rnd=rnd, rater=rater, allow=allow)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if allow:
            messages.success(request, _("อนุญาตให้ %(name)s ส่งแบบประเมินหลังกำหนดได้ %(n)s ฉบับ")
                             % {"name": rater.full_name, "n": changed})
        else:
            messages.success(request, _("ยกเลิกการอนุญาตส่งช้าของ %(name)s แล้ว")
                             % {"name": rater.full_name})
    return redirect("hr:round_missing", pk=rnd.pk)
