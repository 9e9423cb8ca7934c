"""The development plan pages of the person and their supervisor.

Only those two reach them (``permissions.can_edit_plan``; HR and everyone
else get 404); only the supervisor agrees (``can_agree_plan``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments import permissions
from assessments.models import Participant, Round
from assessments.views.hr.common import round_or_404
from competency.models import Indicator
from competency.tabular import CONTENT_TYPES

from .. import services as report_services
from ..enqueue import report_render_request
from ..models import DevelopmentPlanItem
from . import selectors, services, summary
from .forms import PlanItemForm

PARTICIPANTS = Participant.objects.select_related("round__agency", "employee", "supervisor")
FIELDS = ("kind", "detail", "starts_on", "ends_on", "status")


def _participant(request, pk: int, predicate=permissions.can_edit_plan) -> Participant:
    return permissions.get_or_404(PARTICIPANTS, predicate, request.user, pk=pk)


def _snapshot(participant: Participant):
    snapshot = report_services.participant_snapshot(participant=participant)
    if snapshot is None:
        raise Http404
    return snapshot


def _item_or_404(participant: Participant, item_pk: int) -> DevelopmentPlanItem:
    item = (DevelopmentPlanItem.objects.select_related("plan__participant__round")
            .filter(pk=item_pk, plan__participant=participant).first())
    if item is None:
        raise Http404
    return item


def _choices(snapshot):
    return selectors.plan_indicator_choices(snapshot=snapshot)


def _save(request, form: PlanItemForm, call) -> bool:
    """Run the service with the form's values; its refusals land on the form's fields."""
    if not form.is_valid():
        return False
    indicator = Indicator.objects.filter(pk=form.cleaned_data["indicator"]).first()
    if indicator is None:
        form.add_error("indicator", _("เลือกพฤติกรรมบ่งชี้"))
        return False
    try:
        call(by=request.user, indicator=indicator,
             **{name: form.cleaned_data[name] for name in FIELDS})
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def _page(request, participant, snapshot, *, form=None, status=200):
    plan = selectors.participant_plan(participant=participant)
    items = selectors.plan_items(plan=plan, snapshot=snapshot)
    return render(request, "reports/plan.html", {
        "participant": participant, "snapshot": snapshot, "plan": plan, "items": items,
        "form": form or PlanItemForm(indicator_choices=_choices(snapshot)),
        "can_agree": permissions.can_agree_plan(request.user, participant),
        "is_person": participant.employee.user_id == request.user.pk,
        "digits": bool(snapshot.data["round"]["thai_digits"]),
    }, status=status)


@login_required
@require_safe
def participant_plan(request, participant_pk: int):
    participant = _participant(request, participant_pk)
    return _page(request, participant, _snapshot(participant))


@login_required
@require_POST
def participant_plan_add(request, participant_pk: int):
    participant = _participant(request, participant_pk)
    snapshot = _snapshot(participant)
    form = PlanItemForm(request.POST, indicator_choices=_choices(snapshot))
    if _save(request, form, lambda **kw: services.plan_item_add(participant=participant, **kw)):
        messages.success(request, _("เพิ่มรายการในแผนพัฒนาแล้ว"))
        return redirect("reports:participant_plan", participant_pk=participant.pk)
    return _page(request, participant, snapshot, form=form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def participant_plan_item(request, participant_pk: int, item_pk: int):
    participant = _participant(request, participant_pk)
    snapshot = _snapshot(participant)
    item = _item_or_404(participant, item_pk)
    if request.method == "POST":
        form = PlanItemForm(request.POST, indicator_choices=_choices(snapshot))
        if _save(request, form, lambda **kw: services.plan_item_update(item=item, **kw)):
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
            return redirect("reports:participant_plan", participant_pk=participant.pk)
    else:
        form = PlanItemForm(initial=PlanItemForm.initial_of(item),
                            indicator_choices=_choices(snapshot))
    shown = next((s for s in selectors.plan_items(plan=item.plan, snapshot=snapshot)
                  if s.item.pk == item.pk), None)
    return render(request, "reports/plan_item.html", {
        "participant": participant, "item": item, "shown": shown, "form": form,
        "agreed": item.plan.is_agreed,
    })


@login_required
@require_POST
def participant_plan_item_delete(request, participant_pk: int, item_pk: int):
    participant = _participant(request, participant_pk)
    item = _item_or_404(participant, item_pk)
    try:
        services.plan_item_remove(item=item, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ลบรายการออกจากแผนพัฒนาแล้ว"))
    return redirect("reports:participant_plan", participant_pk=participant.pk)


@login_required
@require_POST
def participant_plan_agree(request, participant_pk: int):
    participant = _participant(request, participant_pk, permissions.can_agree_plan)
    _snapshot(participant)  # built if the pipeline has not yet
    try:
        snapshot = services.plan_agree(participant=participant, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        report_render_request(snapshot_id=snapshot.pk)
        messages.success(request, _("เห็นชอบแผนพัฒนารายบุคคลแล้ว รายงานฉบับ PDF จะแสดงแผนนี้"))
    return redirect("reports:participant_plan", participant_pk=participant.pk)


@login_required
@require_safe
def round_plans(request, round_pk: int):
    """HR: the round's development plans by unit (kinds asked for, and how many)."""
    rnd = round_or_404(request, round_pk)
    rows, total = summary.round_plan_summary(rnd=rnd)
    return render(request, "reports/round_plans.html", {
        "rnd": rnd, "rows": rows, "total": total, "kinds": summary.kind_short_labels(),
        "kinds_total": list(zip(summary.kind_labels(), total.kind_counts, strict=True)),
        "released": rnd.state == Round.State.RELEASED,
    })


@login_required
@require_safe
def round_plans_export(request, round_pk: int):
    rnd = round_or_404(request, round_pk)
    response = HttpResponse(summary.round_plans_xlsx(rnd=rnd), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="plans-{rnd.slug}.xlsx"'
    return response
