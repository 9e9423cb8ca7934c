"""Reading assessment data. Aggregation over a round happens in the database."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum

from competency.models import Competency
from competency.scoring import CompetencyResult, Tally, competency_score
from competency.selectors import competencies_with_indicators

from ..models import (
    Assignment,
    Employee,
    Participant,
    Rating,
    Round,
    RoundGroupCount,
    RoundRaterCount,
    RoundUnitCount,
)

SUBMITTED = Assignment.Status.SUBMITTED


def assignments_for_rater(*, rater: Employee, rnd: Round | None = None) -> QuerySet[Assignment]:
    """The forms a rater has to fill in (active ones), newest round first."""
    qs = Assignment.objects.filter(rater=rater, status__in=Assignment.ACTIVE_STATUSES)
    if rnd is not None:
        qs = qs.filter(round=rnd)
    return qs.select_related("round", "participant__employee", "participant__unit").order_by(
        "-round__fiscal_year", "-round__half", "round_id", "status", "group",
        "participant__employee__first_name",
    )


def round_competencies(*, rnd: Round) -> list[Competency]:
    """The round's pinned competency versions in order, levels and indicators prefetched."""
    ids = list(rnd.round_competencies.order_by("order").values_list("competency_id", flat=True))
    by_id = {c.pk: c for c in competencies_with_indicators(ids=ids)}
    return [by_id[i] for i in ids]


# Round (pk, opened_at) -> its competencies, in this process. Once a round is
# open its pinned versions never change (a revision is a new version, and a
# round's competencies are edited only while it is a draft), so there is
# nothing to invalidate; opened_at in the key keeps a re-used pk apart.
_OPEN_ROUND_COMPETENCIES: dict[tuple, tuple[Competency, ...]] = {}
_OPEN_ROUND_COMPETENCIES_MAX = 64


def round_competencies_cached(*, rnd: Round) -> list[Competency]:
    """``round_competencies``, read once per process for a round past its draft.

    For the rating form, which every save reads. The instances are shared
    between requests: read them, never change them.
    """
    if rnd.state == Round.State.DRAFT or rnd.opened_at is None:
        return round_competencies(rnd=rnd)
    key = (rnd.pk, rnd.opened_at)
    found = _OPEN_ROUND_COMPETENCIES.get(key)
    if found is None:
        if len(_OPEN_ROUND_COMPETENCIES) >= _OPEN_ROUND_COMPETENCIES_MAX:
            _OPEN_ROUND_COMPETENCIES.clear()
        found = _OPEN_ROUND_COMPETENCIES[key] = tuple(round_competencies(rnd=rnd))
    return list(found)


def round_tallies(
    *, rnd: Round, participant_ids: list[int] | None = None
) -> tuple[dict[int, dict[tuple[int, str], Tally]], dict[int, dict[str, int]]]:
    """Per participant: (indicator, group) -> Tally and group -> submitted raters.

    Two grouped queries for the whole round, whatever its size.
    """
    ratings = Rating.objects.filter(
        assignment__round=rnd, assignment__status=SUBMITTED
    )
    forms = Assignment.objects.filter(round=rnd, status=SUBMITTED)
    if participant_ids is not None:
        ratings = ratings.filter(assignment__participant_id__in=participant_ids)
        forms = forms.filter(participant_id__in=participant_ids)
    tallies: dict[int, dict[tuple[int, str], Tally]] = defaultdict(dict)
    for row in ratings.values_list(
        "assignment__participant_id", "indicator_id", "assignment__group"
    ).annotate(total=Sum("value"), n=Count("value")).order_by():
        pid, indicator, group, total, n = row
        tallies[pid][(indicator, group)] = Tally(float(total or 0), n)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, group, n in (
        forms.values_list("participant_id", "group").annotate(n=Count("id")).order_by()
    ):
        counts[pid][group] = n
    return tallies, counts


def round_answer_counts(
    *, rnd: Round, participant_ids: list[int] | None = None, groups: frozenset[str]
) -> dict[int, dict[tuple[int, str], dict[int, int]]]:
    """Per participant: (indicator, group) -> {scale point: submitted raters who chose it}.

    Only for ``groups`` (the anonymous ones: agreement is never shown for
    self or supervisor). One grouped query; "no basis" answers are left out.
    """
    ratings = Rating.objects.filter(
        assignment__round=rnd, assignment__status=SUBMITTED, assignment__group__in=groups,
        value__isnull=False,
    )
    if participant_ids is not None:
        ratings = ratings.filter(assignment__participant_id__in=participant_ids)
    out: dict[int, dict[tuple[int, str], dict[int, int]]] = defaultdict(dict)
    for pid, indicator, group, value, n in ratings.values_list(
        "assignment__participant_id", "indicator_id", "assignment__group", "value"
    ).annotate(n=Count("id")).order_by():
        out[pid].setdefault((indicator, group), {})[value] = n
    return out


@dataclass(frozen=True)
class ParticipantResult:
    participant_id: int
    results: dict[str, CompetencyResult]  # competency code -> result


def round_results(
    *,
    rnd: Round,
    participant_ids: list[int] | None = None,
    withheld: Mapping[int, frozenset[str]] | None = None,
) -> dict[int, ParticipantResult]:
    """Score every participant of a round (or some): SQL tallies, then the pure rules.

    ``withheld``: per participant, anonymous groups to hide whatever their
    size (see ``competency.scoring.groups_to_withhold``).
    """
    withheld = withheld or {}
    rules = rnd.scoring_rules()
    competencies = round_competencies(rnd=rnd)
    shapes = {
        c.code: [[i.pk for i in level.indicators.all()] for level in c.levels.all()]
        for c in competencies
    }
    tallies, counts = round_tallies(rnd=rnd, participant_ids=participant_ids)
    participants = Participant.objects.filter(round=rnd)
    if participant_ids is not None:
        participants = participants.filter(pk__in=participant_ids)
    out = {}
    for pid, expected in participants.values_list("id", "expected_levels"):
        person_tallies = tallies.get(pid, {})
        person_counts = counts.get(pid, {})
        out[pid] = ParticipantResult(
            participant_id=pid,
            results={
                code: competency_score(
                    levels=shape, tallies=person_tallies, rater_counts=person_counts,
                    rules=rules, expected_level=expected.get(code),
                    withheld=withheld.get(pid, frozenset()),
                )
                for code, shape in shapes.items()
            },
        )
    return out


# How the dashboard may order its units: by name (the default), by the share
# of forms submitted, lowest or highest first.
UNIT_ORDERS = ("name", "percent", "-percent")


def round_completion(*, rnd: Round, unit_order: str = "name", units: bool = True) -> dict:
    """Active forms submitted / total by participant unit, by rater group and
    overall, and nominations awaiting approval, from the counts the database
    keeps (``RoundGroupCount``, ``RoundUnitCount``); see ``RoundUnitCompletion``
    for the units (``units=False``: none are read, for a page that reads them
    a page at a time).

    ``{"by_unit": [{"unit_id", "unit_name", "parent_name", "total", "submitted"}],
    "by_group": [{"group", "total", "submitted"}], "overall": {"total",
    "submitted", "proposed"}}``; units and groups without active forms are left out.
    """
    overall = {"total": 0, "submitted": 0, "proposed": 0}
    by_group = []
    for group, active, submitted, proposed in (
        RoundGroupCount.objects.filter(round=rnd)
        .values_list("group", "active", "submitted", "proposed").order_by("group")
    ):
        overall["proposed"] += proposed
        if active:
            overall["total"] += active
            overall["submitted"] += submitted
            by_group.append({"group": group, "total": active, "submitted": submitted})
    by_unit = []
    if units:
        all_units = RoundUnitCompletion(rnd=rnd, order=unit_order)
        by_unit = all_units[:]
    return {"by_unit": by_unit, "by_group": by_group, "overall": overall}


class RoundUnitCompletion:
    """A round's units with their active and submitted forms, for a ``Paginator``.

    A unit is the participant's unit (its id): two units of one name under
    different parents are two rows, each with its frozen name and its parent's
    name today (the heatmap names parents the same way). ``order`` is one of
    ``UNIT_ORDERS``; anything else means by name (then parent). A page is one
    query over the units' counts (by name: an index scan), whatever the
    number of forms; units without active forms are left out.
    """

    def __init__(self, *, rnd: Round, order: str = "name"):
        self._units = RoundUnitCount.objects.filter(round=rnd, active__gt=0)
        self._order = ["unit_name", "unit__parent__name_th", "unit_id"]
        if order in ("percent", "-percent"):
            share = ExpressionWrapper(F("submitted") * 1.0 / F("active"),
                                      output_field=FloatField())
            self._units = self._units.alias(share=share)
            self._order.insert(0, "share" if order == "percent" else "-share")
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._units.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict]:
        if not isinstance(page, slice):
            raise TypeError("RoundUnitCompletion is read a page (a slice) at a time")
        rows = self._units.values_list(
            "unit_id", "unit_name", "unit__parent__name_th", "active", "submitted",
        ).order_by(*self._order)[page]
        return [{"unit_id": unit_id, "unit_name": name, "parent_name": parent or "",
                 "total": active, "submitted": submitted}
                for unit_id, name, parent, active, submitted in rows]


def round_non_responders(*, rnd: Round) -> QuerySet[Employee]:
    """Raters with forms still open, with how many each owes."""
    return (
        Employee.objects.filter(
            assignments__round=rnd, assignments__status__in=Assignment.OPEN_STATUSES
        )
        .annotate(owed=Count("assignments"))
        .select_related("unit")
        .order_by("-owed", "employee_number")
    )


class RoundNonResponders:
    """``round_non_responders`` for a ``Paginator``: the same people in the same
    order, read a page at a time.

    From the open-form counts the database keeps per rater
    (``RoundRaterCount``): the count and a page are read from that table,
    whose size is the number of raters, never the number of forms; only the
    page's people are read with their units.
    """

    def __init__(self, *, rnd: Round):
        self._owing = RoundRaterCount.objects.filter(round=rnd, open_forms__gt=0)
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._owing.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Employee]:
        if not isinstance(page, slice):
            raise TypeError("RoundNonResponders is read a page (a slice) at a time")
        owed = list(
            self._owing.values_list("rater_id", "open_forms")
            .order_by("-open_forms", "rater__employee_number")[page]
        )
        people = Employee.objects.select_related("unit").in_bulk([pk for pk, _n in owed])
        for pk, n in owed:
            people[pk].owed = n
        return [people[pk] for pk, _n in owed]


def round_missing_raters(*, rnd: Round) -> QuerySet[Employee]:
    """Raters with open forms, with how many they owe and how many may come late."""
    return (
        Employee.objects.filter(assignments__round=rnd,
                                assignments__status__in=Assignment.OPEN_STATUSES)
        .annotate(
            owed=Count("assignments"),
            late=Count("assignments", filter=Q(assignments__allow_late=True)),
        )
        .select_related("unit")
        .order_by("unit__name_th", "employee_number")
    )


def round_missing_totals(*, rnd: Round) -> dict[str, int]:
    open_forms = Assignment.objects.filter(round=rnd, status__in=Assignment.OPEN_STATUSES)
    return open_forms.aggregate(
        forms=Count("id"), raters=Count("rater_id", distinct=True)
    )


def open_assignments_by_rater(*, rnd: Round, rater_ids: list[int]) -> dict[int, list[Assignment]]:
    forms: dict[int, list[Assignment]] = defaultdict(list)
    for a in (
        Assignment.objects.filter(round=rnd, status__in=Assignment.OPEN_STATUSES,
                                  rater_id__in=rater_ids)
        .select_related("participant__employee")
        .order_by("participant__employee__first_name")
    ):
        forms[a.rater_id].append(a)
    return forms


def round_assignment_fingerprints(
    *, rnd: Round, participant_ids: list[int] | None = None
) -> dict[int, dict[str, list[str]]]:
    """Per participant and rater group: one opaque fingerprint per submitted form.

    A fingerprint changes when a form is resubmitted, so comparing two sets
    tells how many forms were added, withdrawn or changed; it reveals neither
    the rater nor the time.
    """
    forms = Assignment.objects.filter(round=rnd, status=SUBMITTED)
    if participant_ids is not None:
        forms = forms.filter(participant_id__in=participant_ids)
    out: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pid, group, pk, submitted_at in forms.values_list(
        "participant_id", "group", "pk", "submitted_at"
    ).order_by("pk"):
        digest = hashlib.sha256(f"{rnd.pk}:{pk}:{submitted_at}".encode()).hexdigest()[:16]
        out[pid][group].append(digest)
    return {pid: {g: sorted(f) for g, f in groups.items()} for pid, groups in out.items()}
