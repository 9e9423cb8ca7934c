"""Who rates whom: nominations, approvals, and HR's changes while a round runs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from competency.choices import RaterGroup

from ..models import Assignment, Employee, Participant, Round

NOMINATED_GROUPS = (RaterGroup.PEER, RaterGroup.RECIPIENT, RaterGroup.SUBORDINATE)
COUNTED = (Assignment.Status.PROPOSED, *Assignment.ACTIVE_STATUSES)


def _check_round_open(rnd: Round) -> None:
    if rnd.state != Round.State.OPEN:
        raise ValidationError(_("รอบการประเมินนี้ไม่ได้เปิดอยู่ จึงแก้ไขผู้ประเมินไม่ได้"))


def _check_rater(*, participant: Participant, rater: Employee, group: str) -> None:
    rnd = participant.round
    if rater.agency_id != rnd.agency_id or not rater.is_active:
        raise ValidationError(_("ไม่พบผู้ประเมินรายนี้ในส่วนราชการ"))
    if rater.pk == participant.employee_id:
        raise ValidationError(_("ไม่สามารถเสนอชื่อตนเองเป็นผู้ประเมินในกลุ่มนี้"))
    if group not in rnd.groups_in_use:
        raise ValidationError(_("รอบนี้ไม่ได้ใช้กลุ่มผู้ประเมินนี้"))


def _check_not_assigned(*, participant: Participant, rater: Employee) -> None:
    if Assignment.objects.filter(
        participant=participant, rater=rater, status__in=COUNTED
    ).exists():
        raise ValidationError(
            _("%(name)s เป็นผู้ประเมินของบุคคลนี้อยู่แล้ว") % {"name": rater.full_name}
        )


def _check_cap(*, rnd: Round, rater: Employee) -> None:
    # Lock the rater row so two concurrent nominations cannot both pass the cap.
    Employee.objects.select_for_update().filter(pk=rater.pk).first()
    count = (
        Assignment.objects.filter(round=rnd, rater=rater, status__in=COUNTED)
        .exclude(group=RaterGroup.SELF)
        .count()
    )
    if count >= rnd.rater_cap:
        raise ValidationError(
            _("%(name)s มีแบบประเมินครบ %(cap)s ฉบับแล้ว โปรดเลือกผู้ประเมินคนอื่น")
            % {"name": rater.full_name, "cap": rnd.rater_cap}
        )


def _upsert(*, participant, rater, group, status, by, reason="") -> Assignment:
    existing = Assignment.objects.select_for_update().filter(
        participant=participant, rater=rater
    ).first()
    if existing is not None:
        if existing.status in COUNTED:
            raise ValidationError(
                _("%(name)s เป็นผู้ประเมินของบุคคลนี้อยู่แล้ว") % {"name": rater.full_name}
            )
        existing.group, existing.status, existing.nominated_by = group, status, by
        existing.decision_reason = reason
        existing.save()
        return existing
    return Assignment.objects.create(
        round=participant.round, participant=participant, rater=rater, group=group,
        status=status, nominated_by=by, decision_reason=reason,
    )


@transaction.atomic
def assignment_nominate(
    *, participant: Participant, rater: Employee, group: str, by, approved: bool = False
) -> Assignment:
    """Propose a peer (or service recipient) for a participant.

    ``approved`` is for nominations made by someone who may also approve
    (the supervisor or HR): the form is created ready to fill in.
    """
    rnd = participant.round
    _check_round_open(rnd)
    if group not in NOMINATED_GROUPS:
        raise ValidationError(_("เสนอชื่อได้เฉพาะเพื่อนร่วมงานหรือผู้รับบริการ"))
    _check_rater(participant=participant, rater=rater, group=group)
    _check_not_assigned(participant=participant, rater=rater)
    _check_cap(rnd=rnd, rater=rater)
    status = Assignment.Status.PENDING if approved else Assignment.Status.PROPOSED
    return _upsert(participant=participant, rater=rater, group=group, status=status, by=by)


@transaction.atomic
def assignment_decide(
    *, assignment: Assignment, by, approve: bool, reason: str = ""
) -> Assignment:
    """Approve or reject a proposed rater; a rejection needs a reason."""
    assignment = Assignment.objects.select_for_update().select_related("round", "rater").get(
        pk=assignment.pk
    )
    _check_round_open(assignment.round)
    if assignment.status != Assignment.Status.PROPOSED:
        raise ValidationError(_("การเสนอชื่อนี้ได้รับการพิจารณาไปแล้ว"))
    if approve:
        rater = assignment.rater
        # Deactivation withdraws a leaver's nominations, but an is_active box
        # unticked elsewhere does not: never hand a form to someone who left.
        if not rater.is_active or rater.agency_id != assignment.round.agency_id:
            raise ValidationError(
                _("%(name)s ถูกระงับการใช้งานหรือพ้นจากส่วนราชการแล้ว จึงอนุมัติไม่ได้ "
                  "โปรดไม่อนุมัติแล้วเสนอชื่อผู้อื่น") % {"name": rater.full_name}
            )
        assignment.status = Assignment.Status.PENDING
    else:
        if not reason.strip():
            raise ValidationError(_("โปรดระบุเหตุผลที่ไม่อนุมัติ"))
        assignment.status = Assignment.Status.REJECTED
    assignment.decision_reason = reason.strip()
    assignment.save(update_fields=["status", "decision_reason", "updated_at"])
    return assignment


def nominations_approve(
    *, nominations: list[Assignment], by
) -> tuple[list[Assignment], dict[int, str]]:
    """Approve each nomination in its own transaction (``assignment_decide``):
    one that is refused (its rater left, it was decided meanwhile) leaves the
    others approved. Returns the approved and, per refused id, the reason."""
    approved, refused = [], {}
    for nomination in nominations:
        try:
            approved.append(assignment_decide(assignment=nomination, by=by, approve=True))
        except ValidationError as exc:
            refused[nomination.pk] = " ".join(exc.messages)
    return approved, refused


@transaction.atomic
def assignment_add(*, participant: Participant, rater: Employee, group: str, by) -> Assignment:
    """HR adds a rater directly (a late nomination, a replacement)."""
    _check_round_open(participant.round)
    if group == RaterGroup.SELF:
        raise ValidationError(_("แบบประเมินตนเองสร้างให้อัตโนมัติแล้ว"))
    _check_rater(participant=participant, rater=rater, group=group)
    if group == RaterGroup.SUPERVISOR and participant.assignments.filter(
        group=RaterGroup.SUPERVISOR, status__in=Assignment.ACTIVE_STATUSES
    ).exists():
        raise ValidationError(_("บุคคลนี้มีผู้บังคับบัญชาเป็นผู้ประเมินแล้ว ใช้การเปลี่ยนผู้ประเมินแทน"))
    _check_not_assigned(participant=participant, rater=rater)
    _check_cap(rnd=participant.round, rater=rater)
    return _upsert(participant=participant, rater=rater, group=group,
                   status=Assignment.Status.PENDING, by=by)


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by, reason: str) -> Assignment:
    """Withdraw a form; its answers stay stored but count in no result."""
    assignment = Assignment.objects.select_for_update().select_related("round").get(
        pk=assignment.pk
    )
    _check_round_open(assignment.round)
    if assignment.group == RaterGroup.SELF:
        raise ValidationError(_("ยกเลิกแบบประเมินตนเองไม่ได้"))
    if not reason.strip():
        raise ValidationError(_("โปรดระบุเหตุผลที่ยกเลิกผู้ประเมิน"))
    assignment.status = Assignment.Status.REMOVED
    assignment.decision_reason = reason.strip()
    assignment.save(update_fields=["status", "decision_reason", "updated_at"])
    return assignment


@transaction.atomic
def assignment_swap(
    *, assignment: Assignment, new_rater: Employee, by, reason: str
) -> Assignment:
    """Replace a rater (e.g. a supervisor who moved away) in the same group."""
    old = assignment_remove(assignment=assignment, by=by, reason=reason)
    participant = old.participant
    _check_rater(participant=participant, rater=new_rater, group=old.group)
    _check_not_assigned(participant=participant, rater=new_rater)
    _check_cap(rnd=old.round, rater=new_rater)
    if old.group == RaterGroup.SUPERVISOR:
        # The round's supervisor of record follows: nominations to approve and,
        # once released, the report go to the new one.
        Participant.objects.filter(pk=participant.pk).update(supervisor=new_rater)
        participant.supervisor = new_rater
    return _upsert(participant=participant, rater=new_rater, group=old.group,
                   status=Assignment.Status.PENDING, by=by, reason=reason.strip())


@transaction.atomic
def rater_allow_late(*, rnd: Round, rater: Employee, allow: bool) -> int:
    """Let one rater submit their open forms after closing (or stop it).

    Only while the round is open or closed: once released, a late form would
    change published figures, which takes a reopening and a re-release.
    Returns the number of forms changed.
    """
    if rnd.state not in (Round.State.OPEN, Round.State.CLOSED):
        raise ValidationError(
            _("อนุญาตให้ส่งช้าได้เฉพาะรอบที่เปิดหรือปิดประเมินแล้วแต่ยังไม่ประกาศผล")
        )
    return (
        Assignment.objects.filter(round=rnd, rater=rater, status__in=Assignment.OPEN_STATUSES)
        .exclude(allow_late=allow)
        .update(allow_late=allow)
    )
