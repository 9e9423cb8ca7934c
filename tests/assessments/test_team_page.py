"""The supervisor's team page: one round at a time, the supervisor's own form
per person, and once the round is released a summary of the team from the
released reports (never a figure the reports do not show)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Employee, Rating
from assessments.selectors import team_results
from assessments.services import round_close, round_create, round_open, round_release
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from tests.builders import make_team, round_dates
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

TEAM = reverse("assessments:team")


def released():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)  # the build runs after commit, not in a test
    return r


def body_of(user, params=None, *, client=None) -> str:
    if client is None:
        client = Client()
        client.force_login(user)
    response = client.get(TEAM, params or {})
    assert response.status_code == 200
    return response.content.decode()


def unmasked(html: str) -> str:
    """The page without its CSRF token (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def own_form_links(rnd, boss) -> list[str]:
    return [f'href="{reverse("assessments:rate", args=[pk])}"' for pk in Assignment.objects.filter(
        round=rnd, rater=boss, group="supervisor").values_list("pk", flat=True)]


def test_one_round_at_a_time_newest_first_with_the_others_a_click_away():
    r = released()
    newer = round_open(rnd=round_create(agency=r.team.agency, name_th="รอบถัดไป",
                                        slug="r-next", **round_dates()))
    boss = r.team.boss
    old_links, new_links = own_form_links(r.rnd, boss), own_form_links(newer, boss)
    assert len(old_links) == len(new_links) == 4
    body = body_of(boss.user)
    assert all(link in body for link in new_links)
    assert not any(link in body for link in old_links)
    assert f'href="?round={r.rnd.pk}"' in body
    body = body_of(boss.user, {"round": r.rnd.pk})
    assert all(link in body for link in old_links)
    assert not any(link in body for link in new_links)
    # Not a round of the team, not a number, too long: the newest round.
    other = make_team(size=1).rnd
    for bad in (str(other.pk), "x", "9" * 30, "-1", "1\x00", "๑"):
        body = body_of(boss.user, {"round": bad})
        assert all(link in body for link in new_links), bad


def _set_result(snapshot, *, expected, shown):
    comp = snapshot.data["competencies"][0]
    comp.update(expected_level=expected, shown_level=shown,
                meets_expected=shown is not None and shown >= expected)
    snapshot.save(update_fields=["data"])


def test_summary_counts_who_reached_the_expected_level_and_the_average_gap():
    r = released()
    snaps = {s.participant.employee_id: s for s in ReportSnapshot.objects.filter(
        round=r.rnd, participant__supervisor=r.team.boss).select_related("participant")}
    assert len(snaps) == 4
    for person, shown in zip(r.team.staff, (3, 1, 0, None), strict=True):
        _set_result(snaps[person.pk], expected=2, shown=shown)
    summary = team_results(supervisor=r.team.boss, rnd=r.rnd)
    assert summary["people"] == 4
    [row] = summary["competencies"]
    assert (row["code"], row["with_result"], row["met"], row["no_data"]) == ("102", 3, 1, 1)
    assert row["met_percent"] == 33
    assert row["average_gap"] == 1.0  # (0 + 1 + 2) / 3 levels short
    body = body_of(r.team.boss.user)
    assert 'id="team-summary"' in body
    assert "1 จาก 3 คน" in body and "33%" in body and ">1.0<" in body


def test_no_summary_before_release():
    r = rated_round(state="closed")
    round_snapshots_update(rnd=r.rnd)
    assert team_results(supervisor=r.team.boss, rnd=r.rnd) is None
    body = body_of(r.team.boss.user)
    assert 'id="team-summary"' not in body
    assert "สรุปผลของทีมและรายงานรายบุคคลจะแสดงเมื่อประกาศผลแล้ว" in body


def test_summary_leaves_out_people_the_supervisor_no_longer_supervises():
    r = released()
    Employee.objects.filter(pk=r.team.staff[3].pk).update(supervisor=None)
    summary = team_results(supervisor=r.team.boss, rnd=r.rnd)
    assert summary["people"] == 3
    gone = reverse("reports:participant_report",
                   args=[r.rnd.participants.get(employee=r.team.staff[3]).pk])
    assert gone not in body_of(r.team.boss.user)  # its report would be a 404


def test_summary_says_nothing_of_a_group_below_the_minimum():
    """The small peer group (2 of a minimum of 3) answers differently in two
    worlds: the summary and the team page are the same."""
    r = released()
    before = team_results(supervisor=r.team.boss, rnd=r.rnd)
    client = Client()
    client.force_login(r.team.boss.user)
    page = body_of(None, client=client)
    hidden = Rating.objects.filter(assignment__participant=r.small, assignment__group="peer")
    assert hidden.exists()
    hidden.update(value=0)
    round_snapshots_update(rnd=r.rnd)
    assert team_results(supervisor=r.team.boss, rnd=r.rnd) == before
    assert unmasked(body_of(None, client=client)) == unmasked(page)


@pytest.mark.parametrize("size", [3, 30])
def test_released_team_page_queries(django_assert_max_num_queries, size):
    team = make_team(size=size)
    rnd = round_release(rnd=round_close(rnd=team.rnd))
    round_snapshots_update(rnd=rnd)
    client = Client()
    client.force_login(team.boss.user)
    with django_assert_max_num_queries(12):
        assert client.get(TEAM).status_code == 200


def test_the_next_page_stays_in_the_chosen_round():
    team = make_team(size=21)
    older = team.rnd
    round_create(agency=team.agency, name_th="ร่าง", slug="r-draft", **round_dates())
    newer = round_open(rnd=round_create(agency=team.agency, name_th="รอบถัดไป",
                                        slug="r-next", **round_dates()))
    assert newer.participants.filter(supervisor=team.boss).count() == 21
    body = body_of(team.boss.user, {"round": older.pk})
    assert f'href="?round={older.pk}&amp;page=2"' in body
