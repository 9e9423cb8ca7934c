"""The HR dashboard's figures: one grouped query for completion and a paged
non-responder list give what the straightforward queries gave."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Count, Q

from assessments.models import Assignment, Participant
from assessments.selectors import RoundNonResponders, round_completion, round_non_responders
from assessments.services import assignment_save
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

ACTIVE = Assignment.ACTIVE_STATUSES


def straightforward(rnd):
    forms = Assignment.objects.filter(round=rnd, status__in=ACTIVE)
    figures = {"total": Count("id"), "submitted": Count("id", filter=Q(status="submitted"))}
    return {
        "by_unit": [
            {"unit_name": r.pop("participant__unit_name"), **r} for r in
            forms.values("participant__unit_name").annotate(**figures)
            .order_by("participant__unit_name")
        ],
        "by_group": list(forms.values("group").annotate(**figures).order_by("group")),
        "overall": Assignment.objects.filter(round=rnd).aggregate(
            total=Count("id", filter=Q(status__in=ACTIVE)),
            submitted=Count("id", filter=Q(status="submitted")),
            proposed=Count("id", filter=Q(status="proposed")),
        ),
    }


@pytest.fixture
def team():
    team = make_team(size=12)
    ids = round_indicator_ids(rnd=team.rnd)
    selves = Assignment.objects.filter(round=team.rnd, group="self").order_by("pk")
    for form in selves[:5]:
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2),
            submit=True)
    # A second unit whose only form awaits approval, and a removed form.
    other = Participant.objects.filter(round=team.rnd).order_by("pk").last()
    Participant.objects.filter(pk=other.pk).update(unit_name="หน่วยที่รออนุมัติ")
    Assignment.objects.filter(participant=other).exclude(group="self").update(status="removed")
    Assignment.objects.filter(participant=other, group="self").update(status="proposed")
    AssignmentFactory(round=team.rnd, participant=other, rater=team.staff[0], group="peer",
                      status="proposed")
    return team


def test_completion_in_one_query_matches_the_separate_queries(team, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = round_completion(rnd=team.rnd)
    assert figures == straightforward(team.rnd)
    assert figures["overall"]["proposed"] == 2
    assert "หน่วยที่รออนุมัติ" not in [row["unit_name"] for row in figures["by_unit"]]


def test_non_responders_pages_match_the_queryset(team):
    reference = list(round_non_responders(rnd=team.rnd))
    assert len(reference) > 5
    paged = Paginator(RoundNonResponders(rnd=team.rnd), 5)
    assert paged.count == len(reference)
    got = [e for n in paged.page_range for e in paged.page(n).object_list]
    assert [(e.pk, e.owed, e.unit.name_th) for e in got] == [
        (e.pk, e.owed, e.unit.name_th) for e in reference
    ]


def test_dashboard_beyond_the_last_page_shows_the_last_page(team, client):
    client.force_login(team.hr)
    reference = list(round_non_responders(rnd=team.rnd))
    assert len(reference) <= 20  # one page
    body = client.get(f"/rounds/{team.rnd.pk}/?page=9").content.decode()
    assert all(e.employee_number in body for e in reference)
    assert "ส่งแล้ว 5 จาก" in body and "รออนุมัติการเสนอชื่อ 2 ราย" in body
