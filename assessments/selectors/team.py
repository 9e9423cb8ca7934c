"""The supervisor's team page: what a supervisor may know of their staff's forms.

The rule (docs/product-rules.md): the supervisor sees their own form and the
person's self form, one known person each; of an anonymous group only the
number of submitted forms, and only once it reaches the round's minimum.
Nothing per named peer, subordinate or service recipient.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from competency.choices import RaterGroup
from competency.scoring import ANONYMOUS_GROUPS, GROUP_ORDER

from ..models import Assignment, Employee, OrgUnit, Participant, Round
from ..permissions import employee_of, hr_agency_ids, still_supervises
from ..signals import team_results_requested

ACTIVE = Assignment.ACTIVE_STATUSES


@dataclass
class GroupProgress:
    group: str
    label: str
    total: int
    # None while fewer than the round's minimum have submitted: the exact
    # number, next to the names on the nomination page, would say too much.
    submitted: int | None
    minimum: int


@dataclass
class TeamRow:
    participant: Participant
    own_form: Assignment | None = None
    self_form: Assignment | None = None
    groups: list[GroupProgress] = field(default_factory=list)


def team_rounds(*, supervisor: Employee) -> list[Round]:
    """The rounds in which ``supervisor`` is someone's supervisor of record, newest first."""
    return list(
        Round.objects.filter(participants__supervisor=supervisor).distinct()
        .order_by("-fiscal_year", "-half", "-pk")
    )


def team_participants(
    *, supervisor: Employee, rnd: Round | None = None
) -> QuerySet[Participant]:
    """The supervisor's staff in every round (or in ``rnd``), newest round first."""
    people = Participant.objects.filter(supervisor=supervisor)
    if rnd is not None:
        people = people.filter(round=rnd)
    return (
        people.select_related("round", "employee")
        .order_by("-round__fiscal_year", "-round__half", "round_id", "employee__first_name",
                  "employee__last_name")
    )


def team_rows(*, supervisor: Employee, participants: list[Participant]) -> list[TeamRow]:
    """One row per participant: the supervisor's own form, the self form, and
    per anonymous group the total of forms and, at the minimum, the submitted."""
    rows = {p.pk: TeamRow(participant=p) for p in participants}
    ids = list(rows)
    known = Assignment.objects.filter(participant_id__in=ids, status__in=ACTIVE).filter(
        Q(rater=supervisor) | Q(group=RaterGroup.SELF)
    )
    for a in known:
        row = rows[a.participant_id]
        if a.group == RaterGroup.SELF:
            row.self_form = a
        else:
            row.own_form = a
    counts = (
        Assignment.objects.filter(participant_id__in=ids, status__in=ACTIVE,
                                  group__in=ANONYMOUS_GROUPS)
        .values_list("participant_id", "group")
        .annotate(total=Count("pk"),
                  submitted=Count("pk", filter=Q(status=Assignment.Status.SUBMITTED)))
        .order_by()
    )
    by_pid: dict[int, list[GroupProgress]] = defaultdict(list)
    labels = dict(RaterGroup.choices)
    for pid, group, total, submitted in counts:
        minimum = rows[pid].participant.round.min_group_size
        by_pid[pid].append(GroupProgress(
            group=group, label=str(labels[group]), total=total, minimum=minimum,
            submitted=submitted if submitted >= minimum else None,
        ))
    for pid, groups in by_pid.items():
        rows[pid].groups = sorted(groups, key=lambda g: GROUP_ORDER.index(g.group))
    return [rows[p.pk] for p in participants]


def unit_parents(*, agency_id: int) -> dict[int, int | None]:
    """unit id -> parent id of an agency, for ``permissions.still_supervises`` over a list."""
    return dict(OrgUnit.objects.filter(agency_id=agency_id).values_list("pk", "parent_id"))


def team_still_supervised(
    *, supervisor: Employee, rnd: Round, participants: list[Participant]
) -> set[int]:
    """Ids of ``participants`` whose supervisor ``supervisor`` still is today
    (their reports are open to them, ``permissions.can_see_result``). One query."""
    parents = unit_parents(agency_id=rnd.agency_id)
    return {p.pk for p in participants
            if still_supervises(supervisor, p.employee, parents=parents)}


def team_results(*, supervisor: Employee, rnd: Round) -> dict | None:
    """The team's summary of a released round, from the app that holds the
    released reports (``signals.team_results_requested``); None before release."""
    if rnd.state != Round.State.RELEASED:
        return None
    for _receiver, summary in team_results_requested.send(
        sender=Round, supervisor=supervisor, rnd=rnd
    ):
        if summary:
            return summary
    return None


def nominations_to_decide(*, user) -> QuerySet[Assignment]:
    """Nominations awaiting approval in open rounds that ``user`` may decide
    (as ``permissions.can_decide_nomination``: the ratee's supervisor, HR of
    the agency)."""
    me = employee_of(user)
    who = Q(participant__supervisor=me) if me else Q(pk__in=[])
    hr_ids = hr_agency_ids(user)
    if hr_ids:
        who |= Q(round__agency_id__in=hr_ids)
    return Assignment.objects.filter(who, status=Assignment.Status.PROPOSED,
                                     round__state=Round.State.OPEN)


# The proposed rater's forms in the round as the cap counts them (every form
# but their own self form), approved and awaiting approval apart.
_RATER_FORMS = (
    Assignment.objects.filter(rater=OuterRef("rater"), round=OuterRef("round"))
    .exclude(group=RaterGroup.SELF).order_by().values("rater")
    .annotate(n=Count("pk")).values("n")
)


def nominations_with_rater_load(*, nominations: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """``nominations`` for the approval list, each with ``rater_forms`` (the
    rater's approved forms in the round) and ``rater_proposals`` (awaiting
    approval, this one included): one query with two subqueries."""
    return (
        nominations.select_related("rater", "participant__employee", "round")
        .annotate(rater_forms=Subquery(_RATER_FORMS.filter(status__in=ACTIVE)),
                  rater_proposals=Subquery(
                      _RATER_FORMS.filter(status=Assignment.Status.PROPOSED)))
        .order_by("round_id", "participant__employee__first_name", "pk")
    )
