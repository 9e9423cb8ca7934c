"""What mail went out for a round, and when each rater was last reminded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


@dataclass(frozen=True)
class LastMail:
    """The latest invitation or reminder one rater was sent: when, and which
    (HR must tell "only invited" from "already reminded" before chasing)."""

    at: dt.datetime
    kind: str

    @property
    def label(self) -> str:
        return ReminderLog.Kind(self.kind).label


def raters_last_reminded(*, rnd: Round, employee_ids: list[int]) -> dict[int, LastMail]:
    """employee id -> the last invitation or reminder of ``rnd`` they were sent.
    A page of raters has a few mails each, so the newest is picked here rather
    than with a per-vendor DISTINCT ON."""
    last: dict[int, LastMail] = {}
    rows = (ReminderLog.objects.filter(round=rnd, employee_id__in=employee_ids,
                                       kind__in=ReminderLog.REMINDING)
            .order_by("sent_at", "pk").values_list("employee_id", "sent_at", "kind"))
    for employee_id, at, kind in rows:
        last[employee_id] = LastMail(at=at, kind=kind)
    return last
