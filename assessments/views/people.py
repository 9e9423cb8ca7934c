"""Supervisor's team, nominations of peers, and the employee's own results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import services
from ..forms import DecisionForm, EmployeeSearchForm, RaterForm
from ..models import Assignment, Employee, Participant, Round
from ..permissions import (
    can_decide_nomination,
    can_nominate,
    can_see_rater_statuses,
    get_or_404,
)
from ..selectors import (
    nominations_to_decide,
    nominations_with_rater_load,
    team_participants,
    team_results,
    team_rounds,
    team_rows,
    team_still_supervised,
)
from ..services.assignments import NOMINATED_GROUPS
from .common import form_errors, me_or_none, paginate, report_url, show_errors


@login_required
@require_safe
def team(request):
    """One round at a time (``?round=<id>``, else the newest): the supervisor's
    staff with their forms, and once released the team's summary."""
    me = me_or_none(request)
    rounds = team_rounds(supervisor=me) if me else []
    value = request.GET.get("round", "")
    chosen = int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
    rnd = next((r for r in rounds if r.pk == chosen), rounds[0] if rounds else None)
    people = team_participants(supervisor=me, rnd=rnd) if rnd else Participant.objects.none()
    page = paginate(request, people)
    rows = team_rows(supervisor=me, participants=list(page)) if rnd else []
    released = rnd is not None and rnd.state == Round.State.RELEASED
    readable = team_still_supervised(supervisor=me, rnd=rnd, participants=[
        row.participant for row in rows]) if released else set()
    for row in rows:
        row.report_link = report_url(row.participant.pk) if row.participant.pk in readable else None
    return render(request, "assessments/team.html", {
        "page": page, "rows": rows, "rounds": rounds, "rnd": rnd,
        "summary": team_results(supervisor=me, rnd=rnd) if released else None,
    })


@login_required
@require_safe
def my_results(request):
    me = me_or_none(request)
    rows = []
    if me is not None:
        for p in Participant.objects.filter(employee=me).select_related("round"):
            released = p.round.state == Round.State.RELEASED
            rows.append({"participant": p, "released": released,
                         "link": report_url(p.pk) if released else None})
    return render(request, "assessments/my_results.html", {"rows": rows})

# Refusals of a decision, shown by their row on the next visit of the list:
# {nomination id: {"error": message, "reason": the reason as typed}}.
_ROW_ERRORS = "nomination_errors"


def _keep_row_errors(request, errors: dict[int, dict]) -> None:
    kept = request.session.get(_ROW_ERRORS, {})
    kept.update({str(pk): e for pk, e in errors.items()})
    request.session[_ROW_ERRORS] = dict(list(kept.items())[-100:])


@login_required
@require_safe
def nominations(request):
    me = me_or_none(request)
    open_rounds = Participant.objects.filter(round__state=Round.State.OPEN).select_related(
        "round", "employee")
    mine = open_rounds.filter(employee=me) if me else Participant.objects.none()
    staff = open_rounds.filter(supervisor=me) if me else Participant.objects.none()
    decidable = nominations_to_decide(user=request.user)
    proposals = paginate(request, nominations_with_rater_load(nominations=decidable))
    # Each refusal once, by its row; those of rows on other pages wait there.
    errors = request.session.get(_ROW_ERRORS, {})
    for a in proposals:
        shown = errors.pop(str(a.pk), None) or {}
        a.error, a.reason_typed = shown.get("error", ""), shown.get("reason", "")
    if errors:
        request.session[_ROW_ERRORS] = errors
    elif _ROW_ERRORS in request.session:
        del request.session[_ROW_ERRORS]
    return render(request, "assessments/nominations.html", {
        "mine": list(mine), "staff": list(staff),
        "proposals": proposals, "decision_form": DecisionForm(),
        # Approve all approves what this page counted, not what came in since.
        "upto": decidable.aggregate(m=Max("pk"))["m"] if proposals.paginator.count else None,
    })


@login_required
@require_POST
def nominations_approve_all(request):
    upto = request.POST.get("upto", "")
    if not (upto.isascii() and upto.isdigit() and len(upto) < 19):
        messages.error(request, _("โปรดเปิดหน้ารายการเสนอชื่อใหม่แล้วลองอีกครั้ง"))
        return redirect("assessments:nominations")
    pending = [
        a for a in nominations_to_decide(user=request.user).filter(pk__lte=int(upto))
        .select_related("participant__round").order_by("pk")
        if can_decide_nomination(request.user, a.participant)
    ]
    if not pending:
        messages.info(request, _("ไม่มีการเสนอชื่อที่รอการอนุมัติ"))
        return redirect("assessments:nominations")
    approved, refused = services.nominations_approve(nominations=pending, by=request.user)
    if refused:
        _keep_row_errors(request, {pk: {"error": e} for pk, e in refused.items()})
        messages.warning(request, _(
            "อนุมัติแล้ว %(ok)s ราย อนุมัติไม่ได้ %(no)s ราย ดูเหตุผลที่รายการนั้น"
        ) % {"ok": len(approved), "no": len(refused)})
    else:
        messages.success(request, _("อนุมัติการเสนอชื่อแล้ว %(n)s ราย") % {"n": len(approved)})
    return redirect("assessments:nominations")


def _participant_or_404(request, pk: int) -> Participant:
    return get_or_404(Participant.objects.select_related("round", "employee"), can_nominate,
                      request.user, pk=pk)

def _shown_status(assignment: Assignment, full: bool) -> tuple[str, str]:
    """(label, badge key) of a nomination as the user may see it.

    Without ``can_see_rater_statuses`` an approved rater is only "approved":
    label, CSS class and everything else are the same whether the form is
    pending, a draft or submitted, so the page tells nobody who answered.
    """
    if full or assignment.status in (Assignment.Status.PROPOSED, Assignment.Status.REJECTED):
        return assignment.get_status_display(), assignment.status
    return _("อนุมัติแล้ว"), "approved"


@login_required
@require_safe
def nominate(request, pk: int):
    participant = _participant_or_404(request, pk)
    rnd = participant.round
    full = can_see_rater_statuses(request.user, participant)
    current = list(
        participant.assignments.filter(group__in=NOMINATED_GROUPS)
        .exclude(status=Assignment.Status.REMOVED).select_related("rater")
        .order_by("group", "rater__first_name")
    )
    for a in current:
        a.shown_status, a.shown_key = _shown_status(a, full)
    search = EmployeeSearchForm(request.GET or None)
    page = None
    if search.is_valid() and search.cleaned_data["q"]:
        q = search.cleaned_data["q"]
        candidates = (
            Employee.objects.filter(agency_id=rnd.agency_id, is_active=True)
            .exclude(pk=participant.employee_id)
            .filter(Q(first_name__icontains=q) | Q(last_name__icontains=q)
                    | Q(employee_number__icontains=q))
            .select_related("unit").order_by("first_name", "last_name")
        )
        page = paginate(request, candidates, per_page=10)
    return render(request, "assessments/nominate.html", {
        "participant": participant, "rnd": rnd, "current": current, "search": search,
        "page": page, "is_open": rnd.state == Round.State.OPEN,
        "approves": can_decide_nomination(request.user, participant),
        "rater_form": RaterForm(rnd=rnd, groups=NOMINATED_GROUPS),
        "q": search.cleaned_data.get("q", "") if search.is_valid() else "",
    })

@login_required
@require_POST
def nominate_add(request, pk: int):
    participant = _participant_or_404(request, pk)
    form = RaterForm(request.POST, rnd=participant.round, groups=NOMINATED_GROUPS)
    if not form.is_valid():
        form_errors(request, form)
    else:
        approved = can_decide_nomination(request.user, participant)
        try:
            services.assignment_nominate(
                participant=participant, rater=form.cleaned_data["rater"],
                group=form.cleaned_data["group"], by=request.user, approved=approved,
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("เสนอชื่อผู้ประเมินแล้ว") if not approved
                             else _("เพิ่มผู้ประเมินแล้ว (อนุมัติโดยอัตโนมัติ)"))
    url = reverse("assessments:nominate", kwargs={"pk": participant.pk})
    q = request.POST.get("q", "")[:100]
    return redirect(f"{url}?{urlencode({'q': q})}" if q else url)

@login_required
@require_POST
def nomination_decide(request, pk: int):
    assignment = Assignment.objects.select_related("participant__round").filter(pk=pk).first()
    if assignment is None or not can_decide_nomination(request.user, assignment.participant):
        raise Http404
    form = DecisionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(m for errors in form.errors.values() for m in errors)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.assignment_decide(assignment=assignment, by=request.user, approve=approve,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("อนุมัติการเสนอชื่อแล้ว") if approve
                             else _("ไม่อนุมัติการเสนอชื่อแล้ว"))
            return redirect("assessments:nominations")
    # Beside the row, with the reason as typed (cut to the field's length).
    _keep_row_errors(request, {assignment.pk: {
        "error": error, "reason": request.POST.get("reason", "")[:300]}})
    return redirect(f"{reverse('assessments:nominations')}#nomination-{assignment.pk}")
