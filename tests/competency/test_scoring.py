"""Scoring rules: worked examples computed by hand, then properties."""

import pytest

from competency.scoring import (
    OTHERS,
    ScoringRules,
    appraisal_band,
    competency_appraisal,
    competency_score,
    gap_points,
    group_plan,
    groups_to_withhold,
    tally_ratings,
)

# Service Mind's shape: 4/2/3/2/3 indicators.
LEVELS = [["1.1", "1.2", "1.3", "1.4"], ["2.1", "2.2"], ["3.1", "3.2", "3.3"],
          ["4.1", "4.2"], ["5.1", "5.2", "5.3"]]
ALL = [i for lvl in LEVELS for i in lvl]
WEIGHTS = {"self": 20, "supervisor": 40, "peer": 20, "subordinate": 20}
RULES = ScoringRules(group_weights=WEIGHTS)


def score(rows, rules=RULES, expected=None):
    tallies, counts = tally_ratings(rows)
    return competency_score(
        levels=LEVELS, tallies=tallies, rater_counts=counts, rules=rules, expected_level=expected
    )


def form(rater, group, values):
    """Rows of one form; ``values`` maps indicator -> value, default for the rest."""
    if isinstance(values, int | type(None)):
        values = dict.fromkeys(ALL, values)
    return [(rater, group, i, values.get(i)) for i in ALL]


def test_everything_three_gives_level_five():
    rows = form("me", "self", 3) + form("boss", "supervisor", 3)
    for n in range(3):
        rows += form(f"p{n}", "peer", 3)
    result = score(rows, expected=3)
    assert result.shown_level == 5
    assert all(result.attained.values())
    assert result.gap_points == 3
    assert result.blocking == ()


def test_strong_level_two_but_weak_level_one_gives_zero():
    values = dict.fromkeys(ALL, 3) | {"1.1": 1, "1.2": 1, "1.3": 1, "1.4": 1}
    result = score(form("me", "self", values) + form("boss", "supervisor", values), expected=1)
    assert result.level_scores[1] == pytest.approx(1.0)
    assert result.level_scores[2] == pytest.approx(3.0)
    assert result.shown_level == 0
    assert result.attained[2] is False  # cumulative: never level 2 without level 1
    assert result.gap_points == 2
    assert set(result.blocking) == {"1.1", "1.2", "1.3", "1.4"}


def test_worked_example_weighted_groups():
    # self 3 everywhere, supervisor 1 everywhere; weights 20/40 re-normalised over
    # the two groups present: (20*3 + 40*1) / 60 = 1.666... < 2.0 -> level 0.
    result = score(form("me", "self", 3) + form("boss", "supervisor", 1))
    assert result.indicator_scores["1.1"] == pytest.approx(100 / 60)
    assert result.shown_level == 0
    # supervisor 2 instead: (60 + 80) / 60 = 2.333 -> every level passes.
    assert score(form("me", "self", 3) + form("boss", "supervisor", 2)).shown_level == 5


def test_missing_group_renormalises():
    # Only the supervisor rated: their mean is the score, whatever their weight.
    result = score(form("boss", "supervisor", 2))
    assert result.indicator_scores["3.2"] == pytest.approx(2.0)
    assert result.plan.weights == {"supervisor": 40}
    assert result.shown_level == 5


def test_level_score_is_mean_of_its_indicators_and_pass_mark_is_inclusive():
    values = dict.fromkeys(ALL, 0) | {"1.1": 3, "1.2": 2, "1.3": 2, "1.4": 1}
    result = score(form("boss", "supervisor", values))
    assert result.level_scores[1] == pytest.approx(2.0)
    assert result.shown_level == 1
    assert set(result.blocking) == {"2.1", "2.2"}


def test_all_no_basis_gives_no_score_not_zero():
    result = score(form("me", "self", None) + form("boss", "supervisor", None), expected=2)
    assert result.shown_level is None
    assert result.gap_points is None
    assert all(v is None for v in result.level_scores.values())


def test_no_basis_counts_in_no_mean():
    boss = form("boss", "supervisor", 3)
    me = form("me", "self", dict.fromkeys(ALL, None) | {"1.1": 0})
    result = score(boss + me)
    assert result.indicator_group_means["1.2"] == {"supervisor": 3.0}
    assert result.indicator_scores["1.2"] == pytest.approx(3.0)
    assert result.indicator_scores["1.1"] == pytest.approx((40 * 3 + 20 * 0) / 60)


def test_pass_mark_is_a_setting():
    rows = form("boss", "supervisor", 2)
    strict = ScoringRules(group_weights=WEIGHTS, pass_mark=2.5)
    assert score(rows, rules=strict).shown_level == 0


@pytest.mark.parametrize(
    ("shown", "expected", "points"),
    [(5, 3, 3), (3, 3, 3), (2, 3, 2), (1, 3, 1), (0, 3, 0), (0, 4, 0), (0, 1, 2), (1, 5, 0)],
)
def test_gap_points_bar_scale(shown, expected, points):
    assert gap_points(shown_level=shown, expected_level=expected) == points


def test_competency_part_of_the_appraisal_and_band():
    # Five competencies scoring 3,3,2,3,1 -> 12 / 15 x 30 = 24 points = 80 %.
    part = competency_appraisal(points=[3, 3, 2, 3, 1], weight=30)
    assert part == pytest.approx(24.0)
    assert appraisal_band(percent=part / 30 * 100) == "ดีมาก"
    assert appraisal_band(percent=59.99) == "ต้องปรับปรุง"
    assert appraisal_band(percent=90) == "ดีเด่น"


class TestConfidentiality:
    def test_small_peer_group_pooled_with_subordinates_into_others(self):
        plan = group_plan(
            rater_counts={"self": 1, "supervisor": 1, "peer": 2, "subordinate": 1}, rules=RULES
        )
        assert plan.shown_as == {"self": "self", "supervisor": "supervisor",
                                 "peer": OTHERS, "subordinate": OTHERS}
        assert plan.weights[OTHERS] == 40
        assert plan.rater_counts[OTHERS] == 3
        assert plan.hidden == ()

    def test_others_below_minimum_is_left_out_of_every_figure(self):
        rows = form("me", "self", 3) + form("boss", "supervisor", 3)
        rows += form("p1", "peer", 0) + form("p2", "peer", 0)
        result = score(rows)
        assert result.plan.hidden == ("peer",)
        assert result.indicator_group_means["1.1"] == {"self": 3.0, "supervisor": 3.0}
        # The peers' zeros are in no figure: the level is what self+supervisor say.
        assert result.shown_level == 5
        assert result.indicator_scores["1.1"] == pytest.approx(3.0)

    def test_group_shown_alone_is_never_also_in_others(self):
        plan = group_plan(rater_counts={"peer": 3, "subordinate": 2}, rules=RULES)
        assert plan.shown_as == {"peer": "peer"}
        assert plan.hidden == ("subordinate",)

    def test_minimum_is_a_setting(self):
        rules = ScoringRules(group_weights=WEIGHTS, min_group_size=2)
        plan = group_plan(rater_counts={"peer": 2}, rules=rules)
        assert plan.shown_as == {"peer": "peer"}

    def test_unweighted_group_is_not_in_use(self):
        plan = group_plan(rater_counts={"recipient": 5, "self": 1}, rules=RULES)
        assert plan.shown_as == {"self": "self"}


@pytest.mark.parametrize(
    "kwargs",
    [{"group_weights": {}}, {"group_weights": {"self": -1, "supervisor": 2}},
     {"group_weights": WEIGHTS, "pass_mark": 0}, {"group_weights": WEIGHTS, "pass_mark": 4},
     {"group_weights": WEIGHTS, "min_group_size": 0}],
)
def test_invalid_rules_are_refused(kwargs):
    with pytest.raises(ValueError):
        ScoringRules(**kwargs)


class TestReReleaseDifferencing:
    """A re-release must not let a ratee isolate the few raters who changed."""

    def plan(self, counts):
        return group_plan(rater_counts=counts, rules=RULES)

    def test_one_form_withdrawn_from_a_group_of_four_withholds_the_group(self):
        baseline = {"peer": ["a", "b", "c", "d"]}
        current = {"peer": ["a", "b", "c"]}
        plan = self.plan({"peer": 3})
        assert groups_to_withhold(baseline=baseline, current=current, plan=plan,
                                  rules=RULES) == {"peer"}

    def test_one_resubmitted_form_withholds_the_group(self):
        baseline = {"peer": ["a", "b", "c"]}
        current = {"peer": ["a", "b", "c2"]}  # c resubmitted: new fingerprint
        assert groups_to_withhold(baseline=baseline, current=current,
                                  plan=self.plan({"peer": 3}), rules=RULES) == {"peer"}

    def test_no_change_or_a_change_of_at_least_the_minimum_shows_the_group(self):
        same = {"peer": ["a", "b", "c"]}
        plan = self.plan({"peer": 3})
        assert groups_to_withhold(baseline=same, current=same, plan=plan, rules=RULES) == set()
        big = {"peer": ["a", "b", "c", "x", "y", "z"]}
        assert groups_to_withhold(baseline=same, current=big, plan=self.plan({"peer": 6}),
                                  rules=RULES) == set()

    def test_others_pool_is_judged_as_one_group(self):
        baseline = {"peer": ["a", "b"], "subordinate": ["s", "t"]}
        current = {"peer": ["a", "b"], "subordinate": ["s", "t2"]}
        plan = self.plan({"peer": 2, "subordinate": 2})
        assert plan.shown_as["peer"] == OTHERS
        assert groups_to_withhold(baseline=baseline, current=current, plan=plan,
                                  rules=RULES) == {"peer", "subordinate"}

    def test_withheld_groups_are_in_no_figure(self):
        rows = form("boss", "supervisor", 3)
        for n in range(4):
            rows += form(f"p{n}", "peer", 0)
        tallies, counts = tally_ratings(rows)
        result = competency_score(levels=LEVELS, tallies=tallies, rater_counts=counts,
                                  rules=RULES, withheld=frozenset({"peer"}))
        assert result.plan.hidden == ("peer",)
        assert result.shown_level == 5
        assert result.indicator_group_means["1.1"] == {"supervisor": 3.0}

    def test_self_and_supervisor_are_never_withheld(self):
        plan = group_plan(rater_counts={"self": 1, "supervisor": 1}, rules=RULES,
                          withheld=frozenset({"self", "supervisor"}))
        assert plan.shown_as == {"self": "self", "supervisor": "supervisor"}
