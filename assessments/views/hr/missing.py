"""What is missing at closing, and late forms allowed per rater."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ...models import Employee
from ...selectors import open_assignments_by_rater, round_missing_raters, round_missing_totals
from ...services import rater_allow_late
from ..common import paginate
from .common import round_or_404


@login_required
@require_safe
def round_missing(request, pk: int):
    rnd = round_or_404(request, pk)
    page = paginate(request, round_missing_raters(rnd=rnd), per_page=50)
    forms = open_assignments_by_rater(rnd=rnd, rater_ids=[r.pk for r in page.object_list])
    rows = [{"rater": r, "owed": r.owed, "all_late": r.late == r.owed, "forms": forms[r.pk]}
            for r in page.object_list]
    totals = round_missing_totals(rnd=rnd)
    return render(request, "hr/round_missing.html", {
        "round": rnd, "rows": rows, "page": page, "raters_missing": totals["raters"],
        "forms_missing": totals["forms"], "can_allow": rnd.state in ("open", "closed"),
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
