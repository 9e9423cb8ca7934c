"""Bad input to the rating service: a clear error, and nothing half-saved."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assignment, AssignmentComment, Rating
from assessments.services import assignment_save
from assessments.services.ratings import MAX_COMMENT, round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db

weird_text = st.one_of(
    st.text(max_size=50),
    st.just("\u200b\u200c\u200d\ufeff"),  # zero-width characters
    st.just("ก\u0e31\u0e48\u0e49\u0e4a\u0e4b" * 30),  # stacked Thai combining marks
    st.just("ผู้รับบริการ" * 500),  # very long
    st.just("\x00null byte"),
)
values = st.one_of(
    st.none(), st.integers(min_value=-5, max_value=8), st.text(max_size=3), st.floats(),
    st.booleans(),
)


def snapshot(form):
    return (
        sorted(Rating.objects.filter(assignment=form).values_list("indicator_id", "value")),
        sorted(AssignmentComment.objects.filter(assignment=form).values_list("text", flat=True)),
        Assignment.objects.get(pk=form.pk).status,
    )


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_input_is_either_saved_whole_or_refused_with_nothing_changed(data):
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    keys = st.one_of(st.sampled_from(ids), st.integers(min_value=-3, max_value=10**9))
    answers = data.draw(st.dictionaries(keys, values, max_size=20))
    comment = data.draw(weird_text)
    submit = data.draw(st.booleans())
    before = snapshot(form)
    try:
        assignment_save(assignment=form, rater=me, answers=answers,
                  comments={team.competency.pk: comment}, submit=submit)
    except ValidationError as exc:
        assert all(m.strip() for m in exc.messages)  # a message for the user
        assert snapshot(form) == before
        return
    # Accepted: only valid answers were given, and exactly those are stored.
    assert set(answers) <= set(ids)
    assert all(v is None or (type(v) is int and 0 <= v <= 3) for v in answers.values())
    stored = dict(Rating.objects.filter(assignment=form).values_list("indicator_id", "value"))
    assert stored == answers
    assert len(comment) <= MAX_COMMENT
