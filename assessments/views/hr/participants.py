"""HR pages for the people of a round: participants, their raters, reopening forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ... import services
from ...forms import AddRaterForm, EmployeeSearchForm, ReasonForm, SwapForm
from ...models import Assignment, Participant, Round
from ...permissions import can_manage_round, get_or_404
from ..common import form_errors, paginate, report_url, run_service
from .common import round_or_404

ACTIVE = Assignment.ACTIVE_STATUSES


def _participant_or_404(request, pk: int) -> Participant:
    return get_or_404(
        Participant.objects.select_related("round__agency", "employee", "supervisor"),
        lambda user, p: can_manage_round(user, p.round), request.user, pk=pk,
    )


def _assignment_or_404(request, pk: int) -> Assignment:
    return get_or_404(
        Assignment.objects.select_related("round", "participant", "rater"),
        lambda user, a: can_manage_round(user, a.round), request.user, pk=pk,
    )


@login_required
@require_safe
def round_participants(request, pk: int):
    rnd = round_or_404(request, pk)
    search = EmployeeSearchForm(request.GET or None)
    people = (
        Participant.objects.filter(round=rnd).select_related("employee", "supervisor")
        .annotate(
            total=Count("assignments", filter=Q(assignments__status__in=ACTIVE)),
            submitted=Count("assignments",
                            filter=Q(assignments__status=Assignment.Status.SUBMITTED)),
        )
        .order_by("unit_name", "employee__employee_number")
    )
    if search.is_bound and not search.is_valid():
        people = people.none()  # a query the database cannot hold finds nobody
    elif search.is_bound and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        people = people.filter(
            Q(employee__first_name__icontains=q) | Q(employee__last_name__icontains=q)
            | Q(employee__employee_number__icontains=q) | Q(unit_name__icontains=q)
        )
    page = paginate(request, people)
    show_reports = rnd.state in Round.FINISHED_STATES
    for p in page:
        p.report_link = report_url(p.pk) if show_reports else None
    return render(request, "hr/participants.html",
                  {"rnd": rnd, "page": page, "search": search})


@login_required
@require_safe
def participant_detail(request, pk: int):
    participant = _participant_or_404(request, pk)
    rnd = participant.round
    forms = participant.assignments.select_related("rater", "nominated_by").order_by(
        "group", "status", "rater__employee_number")
    return render(request, "hr/participant_detail.html", {
        "participant": participant,
        "rnd": rnd,
        "forms": forms,
        "add_form": AddRaterForm(rnd=rnd),
        "is_open": rnd.state == Round.State.OPEN,
        "report_link": report_url(participant.pk) if rnd.state in Round.FINISHED_STATES else None,
    })


def _done(request, participant_pk: int):
    return redirect("hr:participant_detail", pk=participant_pk)


@login_required
@require_POST
def assignment_add(request, pk: int):
    participant = _participant_or_404(request, pk)
    form = AddRaterForm(request.POST, rnd=participant.round)
    if not form.is_valid():
        form_errors(request, form)
        return _done(request, participant.pk)
    run_service(request, lambda: services.assignment_add(
        participant=participant, rater=form.rater, group=form.cleaned_data["group"],
        by=request.user,
    ), _("เพิ่มผู้ประเมินแล้ว"))
    return _done(request, participant.pk)


@login_required
@require_POST
def assignment_remove(request, pk: int):
    assignment = _assignment_or_404(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("โปรดระบุเหตุผลที่ยกเลิกผู้ประเมิน"))
        return _done(request, assignment.participant_id)
    run_service(request, lambda: services.assignment_remove(
        assignment=assignment, by=request.user, reason=form.cleaned_data["reason"],
    ), _("ยกเลิกผู้ประเมินแล้ว"))
    return _done(request, assignment.participant_id)


@login_required
@require_POST
def assignment_swap(request, pk: int):
    assignment = _assignment_or_404(request, pk)
    form = SwapForm(request.POST, rnd=assignment.round)
    if not form.is_valid():
        form_errors(request, form)
        return _done(request, assignment.participant_id)
    run_service(request, lambda: services.assignment_swap(
        assignment=assignment, new_rater=form.rater, by=request.user,
        reason=form.cleaned_data["reason"],
    ), _("เปลี่ยนผู้ประเมินแล้ว"))
    return _done(request, assignment.participant_id)


@login_required
@require_POST
def assignment_reopen(request, pk: int):
    assignment = _assignment_or_404(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("โปรดระบุเหตุผลที่เปิดแบบประเมินให้แก้ไข"))
        return _done(request, assignment.participant_id)
    run_service(request, lambda: services.assignment_reopen(
        assignment=assignment, by=request.user, reason=form.cleaned_data["reason"],
    ), _("เปิดแบบประเมินให้แก้ไขแล้ว"))
    return _done(request, assignment.participant_id)
