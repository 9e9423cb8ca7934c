"""What a report points out beyond the level: pure functions, no ORM.

Every input is a figure of the shown rater groups only (``competency.scoring``
has already applied the anonymity rule), so nothing here can bring a hidden
group back. Figures are the snapshot's rounded ones, so the report and these
functions agree to the last digit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import NamedTuple

from .scoring import EPS

TOP_BOTTOM_MAX = 5


def default_gap_threshold(*, scale_min: int = 0, scale_max: int = 3) -> float:
    """A third of the scale range (Primalogik's rule): 1.0 on the 0-3 scale."""
    return (scale_max - scale_min) / 3


class SelfGap(NamedTuple):
    key: Hashable
    self_score: float
    others: float

    @property
    def gap(self) -> float:
        return self.self_score - self.others


def self_other_gaps(
    rows: Iterable[tuple[Hashable, float | None, float | None]], *, threshold: float
) -> tuple[list[SelfGap], list[SelfGap]]:
    """(blind spots, hidden strengths) from ``(key, self, others)`` rows.

    A blind spot: self at least ``threshold`` above the others' combined
    rating; a hidden strength: at least ``threshold`` below it. Rows without
    a self or an others figure are neither. Each list: largest gap first,
    then the rows' own order.
    """
    if threshold <= 0:
        raise ValueError("the threshold must be positive")
    blind: list[tuple[int, SelfGap]] = []
    hidden: list[tuple[int, SelfGap]] = []
    for n, (key, self_score, others) in enumerate(rows):
        if self_score is None or others is None:
            continue
        row = SelfGap(key, self_score, others)
        if row.gap >= threshold - EPS:
            blind.append((n, row))
        elif -row.gap >= threshold - EPS:
            hidden.append((n, row))
    order = lambda item: (-abs(item[1].gap), item[0])  # noqa: E731
    return [r for _n, r in sorted(blind, key=order)], [r for _n, r in sorted(hidden, key=order)]


def top_and_bottom(
    rows: Sequence[tuple[Hashable, float | None]], *, n: int = TOP_BOTTOM_MAX
) -> tuple[list[Hashable], list[Hashable]]:
    """The ``n`` highest and ``n`` lowest keys by combined score.

    Ties keep the rows' order (the catalogue's). An indicator is never in
    both lists: with fewer than 2n scored rows the bottom list is shorter.
    """
    scored = [(i, key, s) for i, (key, s) in enumerate(rows) if s is not None]
    top = sorted(scored, key=lambda r: (-r[2], r[0]))[:n]
    chosen = {r[0] for r in top}
    bottom = [r for r in sorted(scored, key=lambda r: (r[2], r[0])) if r[0] not in chosen][:n]
    return [r[1] for r in top], [r[1] for r in bottom]


class Agreement(NamedTuple):
    """How one group's answers to one indicator were spread."""

    counts: tuple[int, ...]  # raters per scale point 0..scale_max
    low: int | None  # lowest point chosen
    high: int | None  # highest point chosen

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def spread(self) -> int | None:
        return None if self.low is None else self.high - self.low


def agreement(counts: Mapping[int, int], *, scale_max: int = 3) -> Agreement:
    """Raters per scale point ("no basis" answers are not in ``counts``)."""
    per_point = tuple(int(counts.get(v, 0)) for v in range(scale_max + 1))
    chosen = [v for v, c in enumerate(per_point) if c > 0]
    return Agreement(per_point, chosen[0] if chosen else None, chosen[-1] if chosen else None)


def level_group_means(
    indicator_means: Sequence[Mapping[str, float | None]],
) -> dict[str, float]:
    """Per group, the mean of its indicator means within one level (the
    indicators the group answered), for the picture by rater group."""
    sums: dict[str, list[float]] = {}
    for means in indicator_means:
        for group, m in means.items():
            if m is not None:
                sums.setdefault(group, []).append(m)
    return {g: sum(v) / len(v) for g, v in sums.items()}
