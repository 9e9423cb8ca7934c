"""What closing a round leaves behind, for HR to see before and after the close."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from ..models import Assignment, AssignmentReopening, Round
from .rounds import RoundNonResponders

# Raters named on the close confirmation; the rest are on the missing page.
CLOSE_RATERS_SHOWN = 10


def round_reopened_open(*, rnd: Round) -> QuerySet[Assignment]:
    """Forms HR reopened (they had been submitted) that are not submitted
    again: their earlier answers count in no result until they are.

    Each with ``reopened_at`` and ``reopen_reason`` (of the latest
    reopening), its rater and the person rated; in the order of the person rated, then the rater.
    """
    latest = AssignmentReopening.objects.filter(assignment=OuterRef("pk")).order_by("-at", "-pk")
    return (
        Assignment.objects.filter(Exists(latest), round=rnd, status__in=Assignment.OPEN_STATUSES)
        .annotate(reopened_at=Subquery(latest.values("at")[:1]),
                  reopen_reason=Subquery(latest.values("reason")[:1]))
        .select_related("rater", "participant__employee")
        .order_by("participant__employee__employee_number", "rater__employee_number")
    )


@dataclass(frozen=True)
class CloseFacts:
    proposed: int  # nominations awaiting approval (they lapse at close)
    open_forms: int  # forms not submitted, reopened ones included
    open_raters: int
    raters: list  # those who owe most (as on the round's page), with ``owed``
    reopened: list[Assignment]  # reopened and not submitted again

    @property
    def more_raters(self) -> int:
        return self.open_raters - len(self.raters)

    @property
    def clean(self) -> bool:
        return not (self.proposed or self.open_forms)


def round_close_facts(*, rnd: Round) -> CloseFacts:
    """What is still pending in an open round, as the close confirmation lists it."""
    is_open = Q(status__in=Assignment.OPEN_STATUSES)
    totals = Assignment.objects.filter(round=rnd).aggregate(
        proposed=Count("id", filter=Q(status=Assignment.Status.PROPOSED)),
        open_forms=Count("id", filter=is_open),
        open_raters=Count("rater_id", filter=is_open, distinct=True),
    )

    return CloseFacts(
        proposed=totals["proposed"], open_forms=totals["open_forms"],
        open_raters=totals["open_raters"],
        raters=RoundNonResponders(rnd=rnd)[:CLOSE_RATERS_SHOWN],
        reopened=list(round_reopened_open(rnd=rnd)),
    )

