"""Query budgets of the busiest pages at two data sizes: the same maximum for both."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from assessments.services import assignment_save
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def some_submitted(team):
    ids = round_indicator_ids(rnd=team.rnd)
    for form in Assignment.objects.filter(round=team.rnd, group="self")[:2]:
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2),
            submit=True)


@pytest.mark.parametrize("size", SIZES)
def test_my_forms_queries(client, django_assert_max_num_queries, size):
    team = make_team(size=size)
    client.force_login(team.boss.user)  # the boss rates every member of the team
    with django_assert_max_num_queries(10):
        response = client.get(reverse("assessments:my_forms"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_rating_form_queries(client, django_assert_max_num_queries, size):
    team = make_team(size=size)
    some_submitted(team)
    form = Assignment.objects.filter(round=team.rnd, group="self", status="pending").first()
    assignment_save(assignment=form, rater=form.rater,
              answers=dict.fromkeys(round_indicator_ids(rnd=team.rnd)[:3], 1))
    client.force_login(form.rater.user)
    with django_assert_max_num_queries(10):  # 6 once the round's competencies are kept
        response = client.get(reverse("assessments:rate", args=[form.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_hr_dashboard_queries(client, django_assert_max_num_queries, size):
    team = make_team(size=size)
    some_submitted(team)
    client.force_login(team.hr)
    # + the forms withdrawn from raters who left, + the raters whose relation
    # changed since the roster froze: the organisation's version and the
    # round's supervisor forms (one row each), then, on the first view of
    # that version, the units and the supervisor forms' narrow rows; + when the
    # listed raters were last reminded, the latest mail sends (a third for
    # the raters HR picked, once there are manual reminders) and the reopened
    # forms not yet resubmitted; completion from the kept counts: the groups'
    # rows, then the units' count and page
    url = reverse("hr:round_dashboard", args=[team.rnd.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_team_and_participants_queries(client, django_assert_max_num_queries, size):
    team = make_team(size=size)
    some_submitted(team)
    client.force_login(team.boss.user)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("assessments:team")).status_code == 200
    client.force_login(team.hr)
    with django_assert_max_num_queries(10):
        url = reverse("hr:round_participants", args=[team.rnd.pk])
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_rating_form_save_queries(client, django_assert_max_num_queries, size):
    team = make_team(size=size)
    form = Assignment.objects.filter(round=team.rnd, group="self", status="pending").first()
    ids = round_indicator_ids(rnd=team.rnd)
    client.force_login(form.rater.user)
    url = reverse("assessments:rate", args=[form.pk])
    # The round's competencies not read yet; + the signed-in person's employee,
    # read once per request to end the session of someone who left.
    with django_assert_max_num_queries(15):
        response = client.post(url, {f"ind_{i}": "2" for i in ids[:5]} | {"draft": "1"})
    assert response.status_code == 302
    with django_assert_max_num_queries(11):  # then kept in the process
        response = client.post(url, {f"ind_{i}": "1" for i in ids} | {"submit": "1"})
    assert response.status_code == 302
