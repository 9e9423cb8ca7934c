"""The round's page links to what applies to the round's state: the reports
page, the heatmap and the exports (they were reachable only from the HR start
page, 'ข้อมูลบุคลากร')."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from assessments.services import assignment_save, round_close, round_release
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def links(rnd) -> dict[str, str]:
    return {
        "reports": reverse("reports:round_reports", kwargs={"round_pk": rnd.pk}),
        "heatmap": reverse("reports:round_heatmap", kwargs={"pk": rnd.pk}),
        "results xlsx": reverse("reports:round_results_export", args=[rnd.pk, "xlsx"]),
        "results csv": reverse("reports:round_results_export", args=[rnd.pk, "csv"]),
        "summary xlsx": reverse("reports:round_summary_export", args=[rnd.pk, "xlsx"]),
        "non-responders xlsx": reverse("reports:round_non_responders_export",
                                       args=[rnd.pk, "xlsx"]),
    }


def shown(client, team) -> set[str]:
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    return {name for name, url in links(team.rnd).items() if f'href="{url}"' in body}


RESULTS = {"reports", "heatmap", "results xlsx", "results csv", "summary xlsx"}


def test_a_draft_links_to_nothing_of_results(client):
    team = make_team(open_round=False)
    assert shown(client, team) == set()


def test_an_open_round_links_to_its_non_responders_only(client):
    team = make_team()
    assert shown(client, team) == {"non-responders xlsx"}


@pytest.mark.parametrize("release", [False, True])
def test_a_finished_round_links_to_reports_heatmap_and_exports(client, release):
    team = make_team()
    team.rnd = round_close(rnd=team.rnd)
    if release:
        team.rnd = round_release(rnd=team.rnd)
    assert shown(client, team) == RESULTS | {"non-responders xlsx"}
    # Every link answers (an export of an unrated round is an empty file).
    for url in links(team.rnd).values():
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("state", ["open", "released"])
def test_no_non_responders_export_when_nobody_owes_a_form(client, state):
    """Known defect (b): a released round with every form in still offered
    "รายชื่อผู้ยังไม่ส่ง (Excel)", a file of no one. The round's page knows
    the count: the link shows while someone owes a form, in any state after
    the draft (a released round's list is who never answered)."""
    team = make_team(size=2)
    answers = dict.fromkeys(round_indicator_ids(rnd=team.rnd), 2)
    for form in Assignment.objects.filter(round=team.rnd):
        assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)
    if state == "released":
        team.rnd = round_release(rnd=round_close(rnd=team.rnd))
    assert "non-responders xlsx" not in shown(client, team)
    # The HR start page lists the round without counting: it keeps the link.
    body = client.get(reverse("hr:index")).content.decode()
    assert links(team.rnd)["non-responders xlsx"] in body
