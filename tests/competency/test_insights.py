"""Hand-computed examples of competency.insights (pure, no database)."""

import pytest

from competency.insights import (
    agreement,
    default_gap_threshold,
    level_group_means,
    self_other_gaps,
    top_and_bottom,
)


def test_default_threshold_is_a_third_of_the_scale_range():
    assert default_gap_threshold() == pytest.approx(1.0)
    assert default_gap_threshold(scale_min=1, scale_max=5) == pytest.approx(4 / 3)


def test_blind_spots_and_hidden_strengths_by_hand():
    rows = [
        ("a", 3.0, 2.0),      # +1.00: on the threshold, a blind spot
        ("b", 3.0, 1.6667),   # +1.33: the largest, listed first
        ("c", 2.0, 2.99),     # -0.99: just short, neither
        ("d", 1.0, 2.5),      # -1.50: hidden strength
        ("e", None, 1.0),     # no self rating: neither
        ("f", 0.0, 1.0),      # -1.00: hidden strength, after d
        ("g", 2.5, None),     # no others: neither
    ]
    blind, hidden = self_other_gaps(rows, threshold=1.0)
    assert [g.key for g in blind] == ["b", "a"]
    assert [round(g.gap, 2) for g in blind] == [1.33, 1.0]
    assert [g.key for g in hidden] == ["d", "f"]
    assert [round(g.gap, 2) for g in hidden] == [-1.5, -1.0]
    blind, hidden = self_other_gaps(rows, threshold=1.4)
    assert blind == [] and [g.key for g in hidden] == ["d"]
    with pytest.raises(ValueError):
        self_other_gaps(rows, threshold=0)


def test_top_and_bottom_by_hand():
    scores = [("1.1", 3.0), ("1.2", 2.5), ("1.3", None), ("2.1", 3.0), ("2.2", 1.0),
              ("3.1", 2.0), ("3.2", 1.0), ("4.1", 0.5)]
    top, bottom = top_and_bottom(scores, n=3)
    assert top == ["1.1", "2.1", "1.2"]  # ties in the catalogue's order
    assert bottom == ["4.1", "2.2", "3.2"]
    # Fewer than 2n scored: an indicator is never in both lists.
    top, bottom = top_and_bottom(scores, n=5)
    assert top == ["1.1", "2.1", "1.2", "3.1", "2.2"]
    assert bottom == ["4.1", "3.2"]


def test_agreement_counts_and_range_by_hand():
    a = agreement({3: 2, 1: 1})
    assert a.counts == (0, 1, 0, 2) and (a.low, a.high, a.spread, a.answers) == (1, 3, 2, 3)
    same = agreement({2: 4})
    assert same.counts == (0, 0, 4, 0) and same.spread == 0
    none = agreement({})
    assert none.counts == (0, 0, 0, 0) and none.low is None and none.spread is None


def test_level_group_means_over_the_answered_indicators():
    means = level_group_means([{"self": 3.0, "peer": 2.0}, {"self": 2.0}, {"peer": 1.0}])
    assert means == {"self": 2.5, "peer": 1.5}
