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
from tests.factories import AssignmentFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

ACTIVE = Assignment.ACTIVE_STATUSES


def straightforward(rnd):
    forms = Assignment.objects.filter(round=rnd, status__in=ACTIVE)
    figures = {"total": Count("id"), "submitted": Count("id", filter=Q(status="submitted"))}
    return {
        "by_unit": [
            {"unit_id": r.pop("participant__unit_id"),
             "unit_name": r.pop("participant__unit_name"),
             "parent_name": r.pop("participant__unit__parent__name_th") or "", **r}
            for r in forms.values("participant__unit_id", "participant__unit_name",
                                  "participant__unit__parent__name_th").annotate(**figures)
            .order_by("participant__unit_name", "participant__unit__parent__name_th",
                      "participant__unit_id")
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


def test_completion_from_the_counts_matches_the_separate_queries(team,
                                                                django_assert_num_queries):
    # The groups' rows and the units' rows the database keeps.
    with django_assert_num_queries(2):
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


@pytest.fixture
def twin_units():
    """Two 'กลุ่มงานบริหารทั่วไป' under different bureaus, each with its own forms."""
    team = make_team(size=4)
    agency = team.agency
    bureaus = [OrgUnitFactory(agency=agency, name_th=name) for name in ("สำนักแผน", "กองคลัง")]
    twins = [OrgUnitFactory(agency=agency, parent=b, kind="group",
                            name_th="กลุ่มงานบริหารทั่วไป") for b in bureaus]
    # Staff 0-1 in the first twin, 2 in the second; 3 stays in the team's unit.
    for participant, unit in zip(
        Participant.objects.filter(round=team.rnd, employee__in=team.staff[:3])
        .order_by("employee__employee_number"),
        (twins[0], twins[0], twins[1]), strict=True,
    ):
        Participant.objects.filter(pk=participant.pk).update(unit=unit, unit_name=unit.name_th)
    ids = round_indicator_ids(rnd=team.rnd)
    form = Assignment.objects.get(round=team.rnd, group="self", participant__unit=twins[1])
    assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2), submit=True)
    team.twins = twins
    return team


def test_same_named_units_under_different_parents_are_two_rows(twin_units):
    rows = round_completion(rnd=twin_units.rnd)["by_unit"]
    twins = [r for r in rows if r["unit_name"] == "กลุ่มงานบริหารทั่วไป"]
    assert [(r["unit_id"], r["parent_name"]) for r in twins] == [
        (twin_units.twins[1].pk, "กองคลัง"), (twin_units.twins[0].pk, "สำนักแผน"),
    ]
    per_unit = {r["unit_id"]: (r["submitted"], r["total"]) for r in rows}
    counted = Assignment.objects.filter(round=twin_units.rnd, status__in=ACTIVE)
    for unit in twin_units.twins:
        forms = counted.filter(participant__unit=unit)
        assert per_unit[unit.pk] == (forms.filter(status="submitted").count(), forms.count())
    assert per_unit[twin_units.twins[1].pk][0] == 1


@pytest.mark.parametrize("order", ["percent", "-percent"])
def test_units_sort_by_share_submitted(twin_units, order):
    rows = round_completion(rnd=twin_units.rnd, unit_order=order)["by_unit"]
    shares = [r["submitted"] / r["total"] for r in rows]
    assert shares == sorted(shares, reverse=order == "-percent")
    assert len(set(shares)) > 1  # the order is tested on different shares


def test_dashboard_shows_each_unit_with_its_parent_and_sorts(twin_units, client):
    client.force_login(twin_units.hr)
    url = f"/rounds/{twin_units.rnd.pk}/"
    body = client.get(url).content.decode()
    assert body.count("กลุ่มงานบริหารทั่วไป") == 2
    assert "กองคลัง" in body and "สำนักแผน" in body
    ascending = client.get(url, {"units": "percent"}).content.decode()
    descending = client.get(url, {"units": "-percent"}).content.decode()
    # The second twin has the only submitted form: last going up, first going down.
    assert ascending.index("สำนักแผน") < ascending.index("กองคลัง")
    assert descending.index("กองคลัง") < descending.index("สำนักแผน")
    for bad in ("x", "percent\x00", "9" * 300, ""):
        response = client.get(url, {"units": bad})
        assert response.status_code == 200
        assert response.content.decode().index("กองคลัง") < response.content.decode().index(
            "สำนักแผน")  # the default order: by unit name, then parent
