"""The scoring rules of the product default, as pure functions (the rules:
``shared/docs/domain.md``, beside the repository).

No ORM here: the round aggregation hands in per-(indicator, group) tallies
computed in the database, or :func:`tally_ratings` builds them from raw
ratings. Everything a ratee or supervisor may see is computed after the
anonymity rule has decided which rater groups are shown, so a hidden group is
in no figure at all, the shown level included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

SELF = "self"
SUPERVISOR = "supervisor"
PEER = "peer"
SUBORDINATE = "subordinate"
RECIPIENT = "recipient"
OTHERS = "others"
# A self rating this far (or further) from the others' combined rating is
# pointed out in the report, indicator by indicator.
NOTABLE_GAP = 0.5
ANONYMOUS_GROUPS = frozenset({PEER, SUBORDINATE, RECIPIENT})
GROUP_ORDER = (SELF, SUPERVISOR, PEER, SUBORDINATE, RECIPIENT, OTHERS)

# Scores are means of small integers; compare with a tolerance so that a
# score that is mathematically on the pass mark is never lost to rounding.
EPS = 1e-9

DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "ดีเด่น"),
    (80.0, "ดีมาก"),
    (70.0, "ดี"),
    (60.0, "พอใช้"),
    (0.0, "ต้องปรับปรุง"),
)

IndicatorKey = Hashable


@dataclass(frozen=True)
class ScoringRules:
    """The settings of a round that scoring depends on."""

    group_weights: Mapping[str, float]
    pass_mark: float = 2.0
    scale_max: int = 3
    min_group_size: int = 3
    anonymous_groups: frozenset[str] = ANONYMOUS_GROUPS

    def __post_init__(self) -> None:
        if any(w < 0 for w in self.group_weights.values()):
            raise ValueError("group weights must not be negative")
        if not any(w > 0 for w in self.group_weights.values()):
            raise ValueError("at least one rater group needs a positive weight")
        if not 0 < self.pass_mark <= self.scale_max:
            raise ValueError("the pass mark must lie within the scale")
        if self.min_group_size < 1:
            raise ValueError("the minimum group size must be at least 1")

    def weight(self, group: str) -> float:
        return float(self.group_weights.get(group, 0) or 0)


class Tally(NamedTuple):
    """Sum and count of the numeric answers ("no basis" answers are not counted).

    A named tuple rather than a frozen dataclass: a round builds one per
    participant, indicator and group (415,000 for 10,000 people), and a tuple
    is made three times as fast.
    """

    total: float = 0.0
    count: int = 0

    def __add__(self, other: Tally) -> Tally:  # a sum of tallies, not a longer tuple
        return Tally(self.total + other.total, self.count + other.count)

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


@dataclass(frozen=True)
class GroupPlan:
    """Which rater groups are shown, under which name, with which weight."""

    shown_as: Mapping[str, str]  # source group -> shown group
    weights: Mapping[str, float]  # shown group -> weight
    rater_counts: Mapping[str, int]  # shown group -> submitted raters
    hidden: tuple[str, ...]  # source groups left out of every figure
    # Submitted raters of every source group (the input), so a report can say
    # which groups were left out and how many answered.
    source_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CompetencyResult:
    plan: GroupPlan
    indicator_group_means: Mapping[IndicatorKey, Mapping[str, float]]
    indicator_scores: Mapping[IndicatorKey, float | None]
    level_scores: Mapping[int, float | None]
    attained: Mapping[int, bool]
    shown_level: int | None  # None: nothing to score (e.g. every answer "no basis")
    expected_level: int | None
    gap_points: int | None
    blocking: tuple[IndicatorKey, ...] = field(default=())

    @property
    def meets_expected(self) -> bool | None:
        if self.shown_level is None or self.expected_level is None:
            return None
        return self.shown_level >= self.expected_level


def group_plan(
    *,
    rater_counts: Mapping[str, int],
    rules: ScoringRules,
    withheld: frozenset[str] = frozenset(),
) -> GroupPlan:
    """Apply the confidentiality rule to the submitted rater counts.

    Self and supervisor are shown as such. An anonymous group is shown on its
    own with at least ``min_group_size`` raters; smaller ones are pooled into
    "others" (weight: the sum of theirs), which is shown only if it reaches
    the minimum itself. A group shown on its own is never part of "others".
    ``withheld`` anonymous groups are hidden whatever their size (used at a
    re-release, where a small change against the released figures would
    reveal the raters who changed).
    """
    shown_as: dict[str, str] = {}
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    hidden: list[str] = []
    pooled: list[str] = []
    for group in sorted(rater_counts, key=_group_sort_key):
        n = rater_counts[group]
        if n <= 0 or rules.weight(group) <= 0:
            continue
        if group in withheld and group in rules.anonymous_groups:
            hidden.append(group)
            continue
        if group in rules.anonymous_groups and n < rules.min_group_size:
            pooled.append(group)
            continue
        shown_as[group] = group
        weights[group] = rules.weight(group)
        counts[group] = n
    pooled_count = sum(rater_counts[g] for g in pooled)
    if pooled and pooled_count >= rules.min_group_size:
        for group in pooled:
            shown_as[group] = OTHERS
        weights[OTHERS] = sum(rules.weight(g) for g in pooled)
        counts[OTHERS] = pooled_count
    else:
        hidden.extend(pooled)
    return GroupPlan(shown_as=shown_as, weights=weights, rater_counts=counts, hidden=tuple(hidden),
                     source_counts=dict(rater_counts))


def tally_ratings(
    ratings: Iterable[tuple[Hashable, str, IndicatorKey, int | None]],
) -> tuple[dict[tuple[IndicatorKey, str], Tally], dict[str, int]]:
    """Tallies and rater counts from raw ``(rater, group, indicator, value)`` rows.

    ``value`` None means "no basis to judge": the rater still counts as a
    submitted rater of the group, the answer counts in no mean.
    """
    tallies: dict[tuple[IndicatorKey, str], Tally] = defaultdict(Tally)
    raters: dict[str, set] = defaultdict(set)
    for rater, group, indicator, value in ratings:
        raters[group].add(rater)
        if value is not None:
            tallies[(indicator, group)] += Tally(float(value), 1)
    return dict(tallies), {g: len(r) for g, r in raters.items()}


def competency_score(
    *,
    levels: Sequence[Sequence[IndicatorKey]],
    tallies: Mapping[tuple[IndicatorKey, str], Tally],
    rater_counts: Mapping[str, int],
    rules: ScoringRules,
    expected_level: int | None = None,
    withheld: frozenset[str] = frozenset(),
) -> CompetencyResult:
    """Score one person on one competency.

    ``levels[0]`` holds the indicators of level 1, ``levels[4]`` of level 5.
    """
    plan = group_plan(rater_counts=rater_counts, rules=rules, withheld=withheld)
    pooled: dict[tuple[IndicatorKey, str], Tally] = defaultdict(Tally)
    for (indicator, group), tally in tallies.items():
        shown = plan.shown_as.get(group)
        if shown is not None:
            pooled[(indicator, shown)] += tally

    group_means: dict[IndicatorKey, dict[str, float]] = {}
    indicator_scores: dict[IndicatorKey, float | None] = {}
    for indicators in levels:
        for indicator in indicators:
            means = {
                g: m
                for g in plan.weights
                if (m := pooled.get((indicator, g), Tally()).mean) is not None
            }
            group_means[indicator] = means
            indicator_scores[indicator] = _weighted_mean(means, plan.weights)

    level_scores: dict[int, float | None] = {}
    attained: dict[int, bool] = {}
    below_attained = True
    shown_level = 0
    for number, indicators in enumerate(levels, start=1):
        scores = [s for i in indicators if (s := indicator_scores[i]) is not None]
        score = sum(scores) / len(scores) if scores else None
        level_scores[number] = score
        reached = below_attained and score is not None and score >= rules.pass_mark - EPS
        attained[number] = reached
        if reached:
            shown_level = number
        below_attained = reached

    has_data = any(s is not None for s in indicator_scores.values())
    shown: int | None = shown_level if has_data else None
    blocking: tuple[IndicatorKey, ...] = ()
    if shown is not None and shown < len(levels):
        blocking = tuple(
            i
            for i in levels[shown]
            if indicator_scores[i] is None or indicator_scores[i] < rules.pass_mark - EPS
        )
    return CompetencyResult(
        plan=plan,
        indicator_group_means=group_means,
        indicator_scores=indicator_scores,
        level_scores=level_scores,
        attained=attained,
        shown_level=shown,
        expected_level=expected_level,
        gap_points=(
            gap_points(shown_level=shown, expected_level=expected_level)
            if shown is not None and expected_level is not None
            else None
        ),
        blocking=blocking,
    )


def gap_points(*, shown_level: int, expected_level: int) -> int:
    """OCSC bar scale: at or above expected 3, one below 2, two below 1, else 0."""
    return max(0, 3 - max(0, expected_level - shown_level))


def competency_appraisal(*, points: Sequence[int], weight: float = 30.0) -> float:
    """The competency part of the appraisal: sum of points / (n x 3) x weight."""
    if not points:
        raise ValueError("no competencies to appraise")
    return sum(points) / (len(points) * 3) * weight


class SheetLine(NamedTuple):
    """One competency on the OCSC summary sheet: ค = ก × ข."""

    points: int | None  # ก: gap points, None when there is no usable answer
    weight: float  # ข: the competency's weight in the round
    product: float | None  # ค = ก × ข; None when the competency is left out
    counted: bool  # in the competency part (its weight in the divisor)


class Sheet(NamedTuple):
    lines: tuple[SheetLine, ...]
    product_total: float  # Σค
    weight_total: float  # Σข of the counted competencies
    competency_part: float | None  # Σค / (3 × Σข) × the round's weight


MISSING_OMIT, MISSING_ZERO = "omit", "zero"


def appraisal_sheet(
    *, items: Sequence[tuple[int | None, float]], weight: float = 30.0,
    missing: str = MISSING_OMIT, scale_max: int = 3,
) -> Sheet:
    """The competency part of the appraisal as the OCSC summary sheet lays it out.

    ``items``: (gap points or None for no usable answers, competency weight).
    A competency without points is left out (``missing="omit"``: neither in
    Σค nor in Σข) or counted as 0 points (``"zero"``: its weight stays in the
    divisor). With equal weights this is domain.md's sum of points / (n × 3)
    × weight.
    """
    if missing not in (MISSING_OMIT, MISSING_ZERO):
        raise ValueError(f"unknown rule for a competency without answers: {missing}")
    lines = []
    for points, w in items:
        w = float(w)
        if points is None and missing == MISSING_OMIT:
            lines.append(SheetLine(None, w, None, False))
        else:
            lines.append(SheetLine(points, w, (points or 0) * w, True))
    product_total = sum(line.product for line in lines if line.counted)
    weight_total = sum(line.weight for line in lines if line.counted)
    part = product_total / (scale_max * weight_total) * weight if weight_total > 0 else None
    return Sheet(tuple(lines), product_total, weight_total, part)


def appraisal_band(
    *, percent: float, bands: Sequence[tuple[float, str]] = DEFAULT_BANDS
) -> str:
    """The band whose lower bound ``percent`` reaches (bands sorted high to low)."""
    for lower, label in sorted(bands, key=lambda b: -b[0]):
        if percent >= lower - EPS:
            return label
    return bands[-1][1]


def _weighted_mean(means: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """Weighted mean re-normalised over the groups that have a mean."""
    total_weight = sum(weights[g] for g in means)
    if not means or total_weight <= 0:
        return None
    return sum(weights[g] * m for g, m in means.items()) / total_weight


def _group_sort_key(group: str) -> int:
    return GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)


def groups_to_withhold(
    *,
    baseline: Mapping[str, Iterable[str]],
    current: Mapping[str, Iterable[str]],
    plan: GroupPlan,
    rules: ScoringRules,
) -> frozenset[str]:
    """Anonymous groups to hide at a re-release so no one rater can be isolated.

    ``baseline`` and ``current`` map each source group to fingerprints of its
    submitted forms (one per form and submission) at the last release that
    showed the group, and now. If the forms behind a shown anonymous group
    (or behind "others") differ in fewer than ``min_group_size`` forms, the
    difference of the two releases would be those few raters' answers: the
    whole group is withheld. No change, or a change at least the minimum,
    shows the group.
    """
    withheld: set[str] = set()
    by_shown: dict[str, list[str]] = defaultdict(list)
    for source, shown in plan.shown_as.items():
        if source in rules.anonymous_groups:
            by_shown[shown].append(source)
    for sources in by_shown.values():
        before = {(g, f) for g in sources for f in baseline.get(g, ())}
        after = {(g, f) for g in sources for f in current.get(g, ())}
        changed = len(before ^ after)
        if 0 < changed < rules.min_group_size:
            withheld.update(sources)
    return frozenset(withheld)
