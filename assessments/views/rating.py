"""The rater's pages: the list of my forms and the rating form itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..forms import RatingForm
from ..models import Assignment, Employee
from ..permissions import can_rate
from ..selectors import assignments_for_rater, round_competencies_cached
from ..services import assignment_save
from .common import me_or_none, paginate


@login_required
@require_safe
def my_forms(request):
    me = me_or_none(request)
    forms = assignments_for_rater(rater=me) if me else Assignment.objects.none()
    return render(request, "assessments/my_forms.html", {"page": paginate(request, forms)})


def _sections(form: RatingForm) -> list[dict]:
    """Competency -> levels -> (indicator, bound field), for the template, with
    answered / total per section for the progress across sections."""
    sections = [
        {
            "competency": comp,
            "comment": form[f"comment_{comp.pk}"],
            "levels": [
                {"level": level,
                 "items": [(ind, form[f"ind_{ind.pk}"], form.scale_html(ind.pk))
                           for ind in level.indicators.all()]}
                for level in comp.levels.all()
            ],
        }
        for comp in form.competencies
    ]
    for section in sections:
        names = [field.name for lv in section["levels"] for _ind, field, _html in lv["items"]]
        section["total"] = len(names)
        section["answered"] = sum(
            1 for name in names if form.shown_value(name) not in (None, ""))
        section["percent"] = (
            round(100 * section["answered"] / section["total"]) if section["total"] else 0
        )
    return sections


def _my_form_or_404(request, pk: int) -> Assignment:
    """The rater's own active form, with the round, the ratee and the rater.

    One query: the rater is matched through the log-in, and the fetched rater
    becomes ``request.user.employee``, so neither ``can_rate`` nor the
    navigation asks for it again.
    """
    try:  # get(), not first(): no ORDER BY through the round and the participant
        assignment = Assignment.objects.select_related(
            "round", "participant__employee", "rater"
        ).get(pk=pk, status__in=Assignment.ACTIVE_STATUSES, rater__user_id=request.user.pk)
    except Assignment.DoesNotExist:
        raise Http404 from None
    Employee.user.field.remote_field.set_cached_value(request.user, assignment.rater)
    if not can_rate(request.user, assignment):  # the one rule, checked as everywhere
        raise Http404
    return assignment


def _initial(assignment: Assignment) -> dict[str, str]:
    return RatingForm.initial_from(
        assignment.ratings.values_list("indicator_id", "value"),
        assignment.comments.values_list("competency_id", "text"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, pk: int):
    assignment = _my_form_or_404(request, pk)
    competencies = round_competencies_cached(rnd=assignment.round)
    editable = assignment.is_editable()
    # A POST shows what was sent; the stored answers only matter where it
    # cannot be saved (read-only fields show them), so they are read lazily.
    initial = _initial(assignment) if request.method != "POST" or not editable else {}
    if request.method == "POST":
        form = RatingForm(request.POST, competencies=competencies, initial=initial)
        submit = "submit" in request.POST
        if form.is_valid():
            try:
                assignment_save(assignment=assignment, rater=assignment.rater,
                    answers=form.answers(),
                          comments=form.comments(), submit=submit)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                if submit:
                    messages.success(request, _("ส่งแบบประเมินเรียบร้อยแล้ว ขอบคุณครับ/ค่ะ"))
                    return redirect("assessments:my_forms")
                messages.success(request, _("บันทึกร่างแล้ว"))
                return redirect("assessments:rate", pk=assignment.pk)
    else:
        form = RatingForm(competencies=competencies, initial=initial)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    total = len(form.indicator_ids)
    answered = form.answered_count()
    return render(request, "assessments/rate.html", {
        "assignment": assignment,
        "form": form,
        "sections": _sections(form),
        "editable": editable,
        "answered": answered,
        "total": total,
        "percent": round(100 * answered / total) if total else 0,
    })
