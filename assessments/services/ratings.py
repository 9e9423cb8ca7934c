"""Filling in a rating form: drafts, submission, HR reopening."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.models import Indicator

from ..models import Assignment, AssignmentComment, AssignmentReopening, Employee, Rating, Round
from ..selectors import round_competencies_cached

MAX_COMMENT = 4000


def round_indicator_ids(*, rnd: Round) -> list[int]:
    return list(
        Indicator.objects.filter(level__competency__roundcompetency__round=rnd)
        .order_by("level__competency__roundcompetency__order", "level__number", "order")
        .values_list("id", flat=True)
    )


def _check_can_edit(assignment: Assignment, rater: Employee) -> None:
    if assignment.rater_id != rater.pk:
        raise ValidationError(_("แบบประเมินนี้ไม่ใช่ของท่าน"))
    if assignment.status == Assignment.Status.SUBMITTED:
        raise ValidationError(_("แบบประเมินนี้ส่งแล้ว แก้ไขไม่ได้"))
    if assignment.status not in Assignment.OPEN_STATUSES:
        raise ValidationError(_("แบบประเมินนี้ถูกยกเลิกหรือยังไม่ได้รับอนุมัติ"))
    if not assignment.is_editable():
        raise ValidationError(_("รอบการประเมินปิดแล้ว ไม่สามารถบันทึกแบบประเมินได้"))


@transaction.atomic
def assignment_save(
    *,
    assignment: Assignment,
    rater: Employee,
    answers: Mapping[int, int | None],
    comments: Mapping[int, str] | None = None,
    submit: bool = False,
) -> Assignment:
    """Save a form as a draft, or submit it.

    ``answers`` maps indicator id to 0..3, or None for "no basis to judge";
    an indicator not in the mapping is unanswered. A draft may be partial;
    a submission needs every indicator of the round answered. After
    submission the form is read-only. Nothing is written unless all is valid.
    """
    assignment = (
        Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    )
    _check_can_edit(assignment, rater)
    # The round's indicators and competencies (kept in the process once it is open).
    round_comps = round_competencies_cached(rnd=assignment.round)
    allowed_set = {
        ind.pk for comp in round_comps for level in comp.levels.all()
        for ind in level.indicators.all()
    }
    unknown = set(answers) - allowed_set
    if unknown:
        raise ValidationError(_("แบบประเมินมีข้อที่ไม่อยู่ในรอบนี้ โปรดโหลดหน้าใหม่"))
    for value in answers.values():
        # type() rather than isinstance(): True must not pass for 1.
        if value is not None and (type(value) is not int or not 0 <= value <= 3):
            raise ValidationError(_("ค่าคะแนนต้องเป็น 0 ถึง 3 หรือ ไม่มีข้อมูลเพียงพอ"))
    comments = comments or {}
    competency_ids = {comp.pk for comp in round_comps}
    if set(comments) - competency_ids:
        raise ValidationError(_("ความคิดเห็นอ้างถึงสมรรถนะที่ไม่อยู่ในรอบนี้"))
    if any(not isinstance(text, str) or "\x00" in text for text in comments.values()):
        raise ValidationError(_("ความคิดเห็นมีอักขระที่ไม่อนุญาต"))
    if any(len(text) > MAX_COMMENT for text in comments.values()):
        raise ValidationError(
            _("ความคิดเห็นยาวเกิน %(n)s ตัวอักษร") % {"n": MAX_COMMENT}
        )
    if submit and (missing := allowed_set - set(answers)):  # earlier drafts may hold the rest
        missing -= set(assignment.ratings.values_list("indicator_id", flat=True))
        if missing:
            # code and params let the page name and mark the missing items.
            raise ValidationError(
                _("ยังตอบไม่ครบ %(n)s ข้อ โปรดตอบทุกข้อก่อนส่ง (เลือก \"ไม่มีข้อมูลเพียงพอ\" "
                  "ได้หากไม่มีข้อมูล)"),
                code="incomplete", params={"n": len(missing), "missing": sorted(missing)},
            )

    Rating.objects.bulk_create(
        [Rating(assignment=assignment, indicator_id=i, value=v) for i, v in answers.items()],
        update_conflicts=True,
        unique_fields=["assignment", "indicator"],
        update_fields=["value"],
    )
    if comments:
        AssignmentComment.objects.bulk_create(
            [AssignmentComment(assignment=assignment, competency_id=c, text=t.strip())
             for c, t in comments.items()],
            update_conflicts=True,
            unique_fields=["assignment", "competency"],
            update_fields=["text"],
        )
    if submit:
        assignment.status = Assignment.Status.SUBMITTED
        assignment.submitted_at = timezone.now()
        assignment.allow_late = False
    else:
        assignment.status = Assignment.Status.DRAFT
    assignment.save(update_fields=["status", "submitted_at", "allow_late", "updated_at"])
    return assignment


@transaction.atomic
def assignment_reopen(*, assignment: Assignment, by, reason: str) -> Assignment:
    """HR reopens one submitted form with a recorded reason.

    After closing the rater may then save it late. Released figures change
    only when HR re-releases the round.
    """
    assignment = (
        Assignment.objects.select_for_update().select_related("round").get(pk=assignment.pk)
    )
    if assignment.status != Assignment.Status.SUBMITTED:
        raise ValidationError(_("เปิดแก้ไขได้เฉพาะแบบประเมินที่ส่งแล้ว"))
    if assignment.round.state == Round.State.DRAFT:
        raise ValidationError(_("รอบการประเมินนี้ยังไม่เปิด"))
    if not reason.strip():
        raise ValidationError(_("โปรดระบุเหตุผลที่เปิดแบบประเมินให้แก้ไข"))
    AssignmentReopening.objects.create(assignment=assignment, by=by, reason=reason.strip())
    assignment.status = Assignment.Status.DRAFT
    assignment.submitted_at = None
    assignment.allow_late = assignment.round.state != Round.State.OPEN
    assignment.save(update_fields=["status", "submitted_at", "allow_late", "updated_at"])
    return assignment
