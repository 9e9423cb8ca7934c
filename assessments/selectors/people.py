"""Reads about people switched off: whom they no longer rate, and where a
rater group of a round fell short because of it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from competency.choices import RaterGroup

from ..models import AccountEvent, Assignment, Employee, Participant, Round

# Groups shown only with the round's minimum of raters; self and supervisor
# are one known person each, so for them "short" means nobody is left.
ANONYMOUS_GROUPS = (RaterGroup.PEER, RaterGroup.SUBORDINATE, RaterGroup.RECIPIENT)


@dataclass
class LostRater:
    """One rater group of one ratee that lost at least one rater."""

    participant: Participant
    group: str
    withdrawn: list[Employee] = field(default_factory=list)
    remaining: int = 0  # forms still counted (not started, draft or submitted)
    minimum: int = 1

    @property
    def group_label(self) -> str:
        return str(RaterGroup(self.group).label)

    @property
    def short(self) -> bool:
        return self.remaining < self.minimum


def round_lost_raters(*, rnd: Round) -> list[LostRater]:
    """Every (ratee, group) of the round with a withdrawn form, with what is
    left of the group and whether it is now below the round's minimum
    (anonymous groups) or empty (self, supervisor). Short groups first.
    Two queries whatever the size."""
    withdrawn = (
        Assignment.objects.filter(round=rnd, status=Assignment.Status.WITHDRAWN)
        .select_related("participant__employee", "rater")
        .order_by("participant__employee__employee_number", "group", "rater__employee_number")
    )
    rows: dict[tuple[int, str], LostRater] = {}
    for form in withdrawn:
        key = (form.participant_id, form.group)
        if key not in rows:
            minimum = rnd.min_group_size if form.group in ANONYMOUS_GROUPS else 1
            rows[key] = LostRater(participant=form.participant, group=form.group,
                                  minimum=minimum)
        rows[key].withdrawn.append(form.rater)
    if not rows:
        return []
    remaining = defaultdict(int)
    for row in (
        Assignment.objects.filter(
            round=rnd, participant_id__in={p for p, _g in rows},
            status__in=Assignment.ACTIVE_STATUSES,
        ).values("participant_id", "group").annotate(n=Count("id"))
    ):
        remaining[(row["participant_id"], row["group"])] = row["n"]
    for key, lost in rows.items():
        lost.remaining = remaining[key]
    return sorted(rows.values(), key=lambda r: not r.short)


def employee_withdrawn_forms(*, employee: Employee) -> QuerySet[Assignment]:
    """The forms withdrawn from ``employee`` as a rater, newest round first."""
    return (
        Assignment.objects.filter(rater=employee, status=Assignment.Status.WITHDRAWN)
        .select_related("round", "participant__employee")
        .order_by("-round__opened_at", "participant__employee__employee_number")
    )


def employee_status_changes(*, employee: Employee) -> QuerySet[AccountEvent]:
    """Deactivations and reactivations of ``employee``, newest first."""
    kinds = (AccountEvent.Kind.DEACTIVATED, AccountEvent.Kind.REACTIVATED)
    return employee.account_events.filter(kind__in=kinds).select_related("by")
