"""HR pages for rounds: list, create/edit, dashboard and state changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from competency.choices import RaterGroup

from ... import services
from ...forms import ExtendDeadlineForm, RoundForm
from ...models import Round
from ...selectors import (
    RoundNonResponders,
    round_changed_supervisors,
    round_completion,
    round_participant_count,
)
from ...selectors.people import round_lost_raters
from ...selectors.rounds import UNIT_ORDERS, RoundUnitCompletion
from ..common import (
    hr_agencies_or_404,
    paginate,
    run_service,
)
from .closing import dashboard_context as closing_context
from .common import round_or_404
from .reminders import dashboard_context as reminder_context


@login_required
@require_safe
def round_list(request):
    agencies = hr_agencies_or_404(request)
    rounds = (
        Round.objects.filter(agency__in=agencies).select_related("agency")
        .annotate(n_participants=Count("participants"))
        .order_by("-fiscal_year", "-half", "name_th")
    )
    return render(request, "hr/round_list.html",
                  {"page": paginate(request, rounds)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_create(request):
    agencies = hr_agencies_or_404(request)
    form = RoundForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(
                agency=form.cleaned_data["agency"],
                competencies=list(form.cleaned_data["competencies"]), **form.settings(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("สร้างรอบการประเมินแล้ว (สถานะร่าง)"))
            return redirect("hr:round_dashboard", pk=rnd.pk)
    return render(request, "hr/round_form.html", {"form": form, "rnd": None})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_edit(request, pk: int):
    rnd = round_or_404(request, pk)
    if rnd.state != Round.State.DRAFT:
        messages.error(request, _("แก้ไขได้เฉพาะรอบที่อยู่ในสถานะร่าง"))
        return redirect("hr:round_dashboard", pk=rnd.pk)
    form = RoundForm(request.POST or None, instance=rnd, agencies=hr_agencies_or_404(request))
    if request.method == "POST" and form.is_valid():
        try:
            form.save_draft()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("บันทึกการตั้งค่ารอบแล้ว"))
            return redirect("hr:round_dashboard", pk=rnd.pk)
    return render(request, "hr/round_form.html", {"form": form, "rnd": rnd})


def _with_percent(rows: list[dict], label) -> list[dict]:
    for row in rows:
        row["percent"] = round(100 * row["submitted"] / row["total"]) if row["total"] else 0
        row["label"] = label(row)
    return rows


UNITS_PER_PAGE = 25


def _unit_order_choices() -> list[tuple[str, str]]:
    return list(zip(UNIT_ORDERS, (
        _("ชื่อหน่วยงาน"), _("ร้อยละที่ส่งแล้ว น้อยไปมาก"), _("ร้อยละที่ส่งแล้ว มากไปน้อย"),
    ), strict=True))


@login_required
@require_safe
def round_dashboard(request, pk: int):
    return _dashboard(request, round_or_404(request, pk))


def _dashboard(request, rnd: Round, extend_form: ExtendDeadlineForm | None = None):
    """The round's page; ``extend_form``: a refused new deadline, shown as typed."""
    groups = dict(RaterGroup.choices)
    # ?units= orders the units' card; anything unknown is the default order.
    unit_order = request.GET.get("units", "")
    unit_order = unit_order if unit_order in UNIT_ORDERS else UNIT_ORDERS[0]
    completion = round_completion(rnd=rnd, units=False)
    non_responders = paginate(request, RoundNonResponders(rnd=rnd))
    return render(request, "hr/round_dashboard.html", {
        "rnd": rnd,
        "extend_form": extend_form or ExtendDeadlineForm(initial={"deadline": rnd.deadline}),
        # A ministry has a thousand units: a page of them at a time.
        "by_unit": _with_percent(
            Paginator(RoundUnitCompletion(rnd=rnd, order=unit_order), UNITS_PER_PAGE)
            .get_page(request.GET.get("units_page")),
            lambda r: r["unit_name"]),
        "unit_order": unit_order,
        "unit_orders": _unit_order_choices(),
        "by_group": _with_percent(completion["by_group"],
                                  lambda r: groups.get(r["group"], r["group"])),
        "overall": _with_percent([completion["overall"]], lambda r: None)[0],
        "n_participants": round_participant_count(rnd=rnd),
        "non_responders": non_responders,
        **reminder_context(rnd=rnd, non_responders=non_responders),
        **closing_context(rnd=rnd),
        "lost_raters": round_lost_raters(rnd=rnd) if rnd.state != Round.State.DRAFT else [],
        "changed_raters": round_changed_supervisors(rnd=rnd),
        "missing_url": reverse("hr:round_missing", kwargs={"pk": rnd.pk}),
        "reports_url": reverse("reports:round_reports", kwargs={"round_pk": rnd.pk})
        if rnd.state in Round.FINISHED_STATES else None,
    })


def _transition(request, rnd: Round, action, done: str):
    run_service(request, lambda: action(rnd), done)
    return redirect("hr:round_dashboard", pk=rnd.pk)


@login_required
@require_POST
def round_open(request, pk: int):
    return _transition(request, round_or_404(request, pk), lambda r: services.round_open(rnd=r),
                       _("เปิดรอบการประเมินแล้ว สร้างแบบประเมินให้ผู้รับการประเมินทุกคน"))


@login_required
@require_POST
def round_release(request, pk: int):
    return _transition(request, round_or_404(request, pk), lambda r: services.round_release(rnd=r),
                       _("ประกาศผลการประเมินแล้ว"))


@login_required
@require_POST
def round_extend(request, pk: int):
    rnd = round_or_404(request, pk)
    form = ExtendDeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.round_extend_deadline(rnd=rnd, deadline=form.cleaned_data["deadline"])
        except ValidationError as exc:
            form.add_error("deadline", exc.messages)
        else:
            messages.success(request, _("ขยายกำหนดส่งแล้ว"))
            return redirect("hr:round_dashboard", pk=rnd.pk)
    # The page again, the refused date as typed and the reason beside it.
    return _dashboard(request, rnd, extend_form=form)
