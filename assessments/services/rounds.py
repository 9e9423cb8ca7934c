"""Round lifecycle: draft -> open -> closed -> released."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.choices import RaterGroup
from competency.models import Competency
from competency.selectors import competency_current, expected_level_table
from competency.thaidate import shown_date

from ..models import Agency, Assignment, Employee, Participant, Round, RoundCompetency
from ..selectors import round_reopened_open
from ..signals import round_results_due
from ..tasks import counters_vacuum, round_invitations_send, round_results_notice_send


def _validate_settings(rnd: Round) -> None:
    try:
        rnd.scoring_rules()
    except ValueError as exc:
        raise ValidationError(
            _("การตั้งค่ารอบไม่ถูกต้อง: ต้องมีกลุ่มผู้ประเมินที่มีน้ำหนักมากกว่า 0 อย่างน้อยหนึ่งกลุ่ม "
              "และเกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 3")
        ) from exc


@transaction.atomic
def round_create(
    *,
    agency: Agency,
    name_th: str,
    slug: str,
    fiscal_year: int,
    half: int,
    deadline: dt.date,
    competencies: list[Competency] | None = None,
    **settings,
) -> Round:
    """Create a draft round; Service Mind (102) is the default competency."""
    rnd = Round(
        agency=agency, name_th=name_th, slug=slug, fiscal_year=fiscal_year, half=half,
        deadline=deadline, **settings,
    )
    rnd.full_clean()
    _validate_settings(rnd)
    rnd.save()
    if competencies is None:
        current = competency_current(code="102")
        competencies = [current] if current else []
    RoundCompetency.objects.bulk_create(
        RoundCompetency(round=rnd, competency=c, order=n) for n, c in enumerate(competencies, 1)
    )
    return rnd


@transaction.atomic
def round_update(*, rnd: Round, competencies: list[Competency], **settings) -> Round:
    """Change a draft round's settings and competencies (kept in the order given).

    Once a round is open its settings are frozen: scoring and anonymity of
    everything rated depend on them.
    """
    rnd = _locked(rnd)
    if rnd.state != Round.State.DRAFT:
        raise ValidationError(_("แก้ไขได้เฉพาะรอบที่อยู่ในสถานะร่าง"))
    if not competencies:
        raise ValidationError(_("ยังไม่ได้เลือกสมรรถนะสำหรับรอบนี้"))
    for name, value in settings.items():
        setattr(rnd, name, value)
    rnd.full_clean(exclude=["agency"])
    _validate_settings(rnd)
    rnd.save()
    rnd.round_competencies.all().delete()
    RoundCompetency.objects.bulk_create(
        RoundCompetency(round=rnd, competency=c, order=n) for n, c in enumerate(competencies, 1)
    )
    return rnd


def _locked(rnd: Round) -> Round:
    return Round.objects.select_for_update().get(pk=rnd.pk)


def _check_deadline_at_open(rnd: Round, today: dt.date) -> None:
    """A round opens only with a deadline still ahead, within its fiscal half,
    and weights that add up to 100 (a draft saved before these rules may not)."""
    if rnd.deadline < today:
        raise ValidationError(_(
            "เปิดรอบไม่ได้: กำหนดส่ง %(date)s ผ่านมาแล้ว โปรดแก้ไขกำหนดส่งก่อนเปิดรอบ"
        ) % {"date": shown_date(rnd.deadline, short=True)})
    for message in (rnd.deadline_error(), rnd.weights_error()):
        if message:
            raise ValidationError(_("เปิดรอบไม่ได้: %(reason)s") % {"reason": message})


@transaction.atomic
def round_open(*, rnd: Round, employees=None, today: dt.date | None = None) -> Round:
    """Open a draft round and freeze its roster.

    Each active employee of the agency (or of ``employees``) becomes a
    participant with unit, position, supervisor and expected levels copied in.
    Self and supervisor forms are created, and subordinate forms where the
    round uses that group. Later organisation changes rewrite nothing here.
    Every check comes before the first write: a refused opening leaves the
    draft as it was. ``today``: the day the opening counts as (the demo opens
    past rounds on their own dates), today by default.
    """
    rnd = _locked(rnd)
    if rnd.state != Round.State.DRAFT:
        raise ValidationError(_("เปิดรอบได้เฉพาะรอบที่อยู่ในสถานะร่าง"))
    _check_deadline_at_open(rnd, today or timezone.localdate())
    _validate_settings(rnd)
    comps = list(rnd.competencies.all())
    if not comps:
        raise ValidationError(_("ยังไม่ได้เลือกสมรรถนะสำหรับรอบนี้"))
    if employees is None:
        employees = Employee.objects.filter(agency=rnd.agency, is_active=True)
    employees = list(employees.select_related("unit"))
    if not employees:
        raise ValidationError(_("ส่วนราชการนี้ยังไม่มีรายชื่อข้าราชการ"))
    table = expected_level_table()
    active_ids = {e.pk for e in employees}

    participants = []
    for emp in employees:
        expected = {}
        for comp in comps:
            level = emp.expected_level_override or table.get(
                (emp.position_type, emp.position_level, comp.kind)
            )
            expected[comp.code] = level
        supervisor_id = emp.supervisor_id if emp.supervisor_id in active_ids else None
        participants.append(Participant(
            round=rnd, employee=emp, unit=emp.unit, unit_name=emp.unit.name_th,
            position_name=emp.position_name, position_type=emp.position_type,
            position_level=emp.position_level, supervisor_id=supervisor_id,
            expected_levels=expected,
        ))
    Participant.objects.bulk_create(participants, batch_size=2000)
    participants = Participant.objects.filter(round=rnd).only("id", "employee_id", "supervisor_id")
    by_employee = {p.employee_id: p for p in participants}

    groups = set(rnd.groups_in_use)
    forms = []
    for p in by_employee.values():
        if RaterGroup.SELF in groups:
            forms.append(Assignment(round=rnd, participant=p, rater_id=p.employee_id,
                                    group=RaterGroup.SELF))
        if p.supervisor_id and RaterGroup.SUPERVISOR in groups:
            forms.append(Assignment(round=rnd, participant=p, rater_id=p.supervisor_id,
                                    group=RaterGroup.SUPERVISOR))
            if RaterGroup.SUBORDINATE in groups:
                boss = by_employee[p.supervisor_id]
                forms.append(Assignment(round=rnd, participant=boss, rater_id=p.employee_id,
                                        group=RaterGroup.SUBORDINATE))
    Assignment.objects.bulk_create(forms, batch_size=5000)
    rnd.state = Round.State.OPEN
    rnd.opened_at = timezone.now()
    rnd.save(update_fields=["state", "opened_at"])
    transaction.on_commit(lambda: round_invitations_send.delay(rnd.pk))
    # One counter update per form written: their dead versions go at once.
    transaction.on_commit(counters_vacuum.delay)
    return rnd


@transaction.atomic
def round_extend_deadline(*, rnd: Round, deadline: dt.date) -> Round:
    """Move the deadline of a round not yet closed: not into the past, and
    still within the round's fiscal half."""
    rnd = _locked(rnd)
    if rnd.state not in (Round.State.DRAFT, Round.State.OPEN):
        raise ValidationError(_("ขยายกำหนดส่งได้เฉพาะรอบที่ยังไม่ปิด"))
    if deadline < timezone.localdate():
        raise ValidationError(_("กำหนดส่งใหม่ต้องไม่อยู่ในอดีต"))
    if message := rnd.deadline_error(deadline):
        raise ValidationError(message)
    rnd.deadline = deadline
    rnd.save(update_fields=["deadline"])
    return rnd


@transaction.atomic
def round_close(*, rnd: Round, reopened_late: bool = False) -> Round:
    """Close an open round: no more ratings, except late forms HR allows.

    ``reopened_late``: the forms HR reopened that are not submitted again
    may still be submitted after the close (as a form reopened after closing
    may), rather than stay drafts nobody can send; until they are, their
    earlier answers count in no result (the round's page lists them).
    """
    rnd = _locked(rnd)
    if rnd.state != Round.State.OPEN:
        raise ValidationError(_("ปิดรอบได้เฉพาะรอบที่เปิดประเมินอยู่"))
    if reopened_late:
        ids = list(round_reopened_open(rnd=rnd).values_list("pk", flat=True))
        Assignment.objects.filter(pk__in=ids).update(allow_late=True)
    rnd.state = Round.State.CLOSED
    rnd.closed_at = timezone.now()
    rnd.save(update_fields=["state", "closed_at"])
    transaction.on_commit(lambda: _results_due(rnd.pk), robust=True)
    return rnd


@transaction.atomic
def round_release(*, rnd: Round) -> Round:
    """Release results to participants and their supervisors (also re-release)."""
    rnd = _locked(rnd)
    if rnd.state not in Round.FINISHED_STATES:
        raise ValidationError(_("ประกาศผลได้เมื่อปิดรอบแล้วเท่านั้น"))
    rnd.state = Round.State.RELEASED
    rnd.released_at = timezone.now()
    rnd.save(update_fields=["state", "released_at"])
    transaction.on_commit(lambda: round_results_notice_send.delay(rnd.pk))
    transaction.on_commit(lambda: _results_due(rnd.pk), robust=True)
    return rnd


def _results_due(round_id: int) -> None:
    """Once a close or a (re-)release commits, tell the apps above (reports
    snapshots the round, only people whose inputs changed get a new version)."""
    round_results_due.send(sender=Round, round_id=round_id)
