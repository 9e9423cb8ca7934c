"""What mail went out for a round, and when each rater was last reminded."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Employee, ReminderLog, ReminderSend, Round


def round_reminder_sends(*, rnd: Round) -> QuerySet[ReminderSend]:
    """Every sending of the round's mail (invitations, reminders, HR's
    reminders, results notices), newest first, with who asked."""
    return (ReminderSend.objects.filter(round=rnd).select_related("by")
            .order_by("-requested_at", "-pk"))


def reminder_sends_named(*, sends: list[ReminderSend]) -> list[ReminderSend]:
    """The sends, each with ``chosen``: the raters HR picked (for one rater or
    a selection; empty otherwise), read in one query for them all."""
    ids = {pk for s in sends for pk in s.employee_ids}
    people = Employee.objects.only("id", "first_name", "last_name", "title").in_bulk(ids)
    for s in sends:
        s.chosen = [people[pk] for pk in s.employee_ids if pk in people]
    return sends


def raters_last_reminded(*, rnd: Round, employee_ids: list[int]) -> dict[int, ReminderLog]:
    """employee id -> the last invitation or reminder of ``rnd`` they were sent
    (its ``sent_at`` and kind: HR must tell "only invited" from "already
    reminded"). A page of raters has a few mails each, so the newest is picked
    here rather than with a per-vendor DISTINCT ON."""
    rows = (ReminderLog.objects.filter(round=rnd, employee_id__in=employee_ids,
                                       kind__in=ReminderLog.REMINDING)
            .only("employee_id", "sent_at", "kind").order_by("sent_at", "pk"))
    return {log.employee_id: log for log in rows}
