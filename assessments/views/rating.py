"""The rater's pages: the list of my forms and the rating form itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..forms import RatingForm
from ..models import Assignment
from ..permissions import can_rate, employee_of
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
    labels = form.item_labels()
    sections = [
        {
            "competency": comp,
            "comment": form[f"comment_{comp.pk}"],
            "levels": [
                {"level": level,
                 "items": [(ind, form[f"ind_{ind.pk}"], form.scale_html(ind.pk), labels[ind.pk])
                           for ind in level.indicators.all()]}
                for level in comp.levels.all()
            ],
        }
        for comp in form.competencies
    ]
    for section in sections:
        names = [item[1].name for lv in section["levels"] for item in lv["items"]]
        section["total"] = len(names)
        section["answered"] = sum(
            1 for name in names if form.shown_value(name) not in (None, ""))
        section["percent"] = (
            round(100 * section["answered"] / section["total"]) if section["total"] else 0
        )
    return sections


def _my_form_or_404(request, pk: int) -> Assignment:
    """The rater's own active form, with the round (and the ratee, for a page).

    One query: the rater is the signed-in person's employee, which
    ``DeactivatedLogoutMiddleware`` has already read, so it is matched by id
    and attached rather than joined again. A POST that goes well only
    redirects, so it leaves out the ratee (a page shown after a refused POST
    reads it when it needs it).
    """
    me = employee_of(request.user)
    if me is None:
        raise Http404
    related = ("round",) if request.method == "POST" else ("round", "participant__employee")
    try:  # get(), not first(): no ORDER BY through the round and the participant
        assignment = Assignment.objects.select_related(*related).get(
            pk=pk, status__in=Assignment.ACTIVE_STATUSES, rater_id=me.pk)
    except Assignment.DoesNotExist:
        raise Http404 from None
    assignment.rater = me
    if not can_rate(request.user, assignment):  # the one rule, checked as everywhere
        raise Http404
    return assignment


def _initial(assignment: Assignment) -> dict[str, str]:
    return RatingForm.initial_from(
        assignment.ratings.values_list("indicator_id", "value"),
        assignment.comments.values_list("competency_id", "text"),
    )


def _mark_missing(form: RatingForm, missing: list[int]) -> None:
    """Name the unanswered items in the page's message and mark each one."""
    labels = form.item_labels()
    missing = [pk for pk in form.indicator_ids if pk in set(missing)]  # in page order
    for pk in missing:
        form.add_error(f"ind_{pk}", _("ยังไม่ได้ตอบข้อนี้"))
    form.add_error(None, _("ยังตอบไม่ครบ %(n)s ข้อ: %(items)s") % {
        "n": len(missing), "items": ", ".join(labels[pk] for pk in missing)})


def _save(form: RatingForm, assignment: Assignment, *, submit: bool) -> Assignment:
    return assignment_save(assignment=assignment, rater=assignment.rater,
                           answers=form.answers(), comments=form.comments(), submit=submit)


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
                assignment = _save(form, assignment, submit=submit)
            except ValidationError as exc:
                if submit and exc.code == "incomplete":
                    # What was answered is kept as a draft: a reload or a lost
                    # connection after a failed submit brings it all back.
                    assignment = _save(form, assignment, submit=False)
                    _mark_missing(form, exc.params["missing"])
                else:
                    for message in exc.messages:
                        form.add_error(None, message)
            else:
                if submit:
                    messages.success(request, _("ส่งแบบประเมินเรียบร้อยแล้ว"))
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


@login_required
@require_POST
def rate_autosave(request, pk: int):
    """The page's autosave: the whole form as a draft, answered in JSON.

    The same form and service as the draft button (which keeps working
    without JavaScript); a refusal carries the message the page shows.
    """
    assignment = _my_form_or_404(request, pk)
    if not assignment.is_editable():
        return JsonResponse({"ok": False, "errors": [_("แบบประเมินนี้แก้ไขไม่ได้แล้ว")]},
                            status=409)
    form = RatingForm(request.POST, competencies=round_competencies_cached(rnd=assignment.round))
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    try:
        assignment = _save(form, assignment, submit=False)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": exc.messages}, status=409)
    return JsonResponse({"ok": True, "version": assignment.updated_at.isoformat(),
                         "answered": len(form.answers())})
