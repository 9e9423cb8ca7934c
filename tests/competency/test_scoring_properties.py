"""Properties of the scoring rules, checked with hypothesis."""

from hypothesis import given, settings
from hypothesis import strategies as st

from competency.scoring import ScoringRules, competency_score, tally_ratings

LEVELS = [["1.1", "1.2", "1.3", "1.4"], ["2.1", "2.2"], ["3.1", "3.2", "3.3"],
          ["4.1", "4.2"], ["5.1", "5.2", "5.3"]]
ALL = [i for lvl in LEVELS for i in lvl]
GROUPS = ["self", "supervisor", "peer", "subordinate"]

values = st.one_of(st.none(), st.integers(min_value=0, max_value=3))
forms = st.lists(
    st.tuples(st.sampled_from(GROUPS), st.lists(values, min_size=len(ALL), max_size=len(ALL))),
    min_size=1,
    max_size=9,
)
weights = st.fixed_dictionaries({g: st.integers(min_value=1, max_value=100) for g in GROUPS})
pass_marks = st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0])
min_sizes = st.integers(min_value=1, max_value=4)


def rows_of(form_list):
    return [
        (n, group, indicator, value)
        for n, (group, answers) in enumerate(form_list)
        for indicator, value in zip(ALL, answers, strict=True)
    ]


def score(rows, rules):
    tallies, counts = tally_ratings(rows)
    return competency_score(levels=LEVELS, tallies=tallies, rater_counts=counts, rules=rules)


@settings(max_examples=200, deadline=None)
@given(forms, weights, pass_marks, min_sizes)
def test_level_n_is_never_attained_without_n_minus_1(form_list, w, pm, k):
    result = score(rows_of(form_list), ScoringRules(group_weights=w, pass_mark=pm,
                                                     min_group_size=k))
    for n in range(2, 6):
        if result.attained[n]:
            assert result.attained[n - 1]
    if result.shown_level is not None:
        assert all(result.attained[n] for n in range(1, result.shown_level + 1))


@settings(max_examples=200, deadline=None)
@given(forms, weights, pass_marks, st.data())
def test_raising_one_rating_never_lowers_the_shown_level(form_list, w, pm, data):
    rules = ScoringRules(group_weights=w, pass_mark=pm)
    rows = rows_of(form_list)
    raisable = [i for i, r in enumerate(rows) if r[3] is not None and r[3] < 3]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable))
    rater, group, indicator, value = rows[i]
    new_value = data.draw(st.integers(min_value=value + 1, max_value=3))
    raised = rows[:i] + [(rater, group, indicator, new_value)] + rows[i + 1:]
    before, after = score(rows, rules).shown_level, score(raised, rules).shown_level
    # None (nothing visible to score) stays None: the rater counts did not change.
    assert (before is None) == (after is None)
    if before is not None:
        assert after >= before


@settings(max_examples=150, deadline=None)
@given(forms, weights, st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_ratings(form_list, w, rnd):
    rules = ScoringRules(group_weights=w)
    rows = rows_of(form_list)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a, b = score(rows, rules), score(shuffled, rules)
    assert a.shown_level == b.shown_level
    assert a.plan == b.plan
    for n in range(1, 6):
        if a.level_scores[n] is None:
            assert b.level_scores[n] is None
        else:
            assert abs(a.level_scores[n] - b.level_scores[n]) < 1e-9


@settings(max_examples=150, deadline=None)
@given(forms, weights, st.sampled_from([0.01, 0.5, 3, 7.25, 1000]))
def test_scaling_the_group_weights_changes_nothing(form_list, w, factor):
    rows = rows_of(form_list)
    a = score(rows, ScoringRules(group_weights=w))
    b = score(rows, ScoringRules(group_weights={g: v * factor for g, v in w.items()}))
    assert a.shown_level == b.shown_level
    assert a.attained == b.attained


@settings(max_examples=150, deadline=None)
@given(forms, weights, min_sizes)
def test_a_hidden_group_changes_no_figure(form_list, w, k):
    """Whatever a hidden group answered, every shown figure is the same."""
    rules = ScoringRules(group_weights=w, min_group_size=k)
    rows = rows_of(form_list)
    result = score(rows, rules)
    if not result.plan.hidden:
        return
    flipped = [
        (r, g, i, (3 - v) if (g in result.plan.hidden and v is not None) else v)
        for r, g, i, v in rows
    ]
    other = score(flipped, rules)
    assert other.shown_level == result.shown_level
    assert other.level_scores == result.level_scores
    assert other.indicator_group_means == result.indicator_group_means
