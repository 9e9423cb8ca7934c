"""HR round pages through the test client: list, create/edit, dashboard, actions, people."""


import pytest
from django.urls import reverse

from assessments.models import Assignment, AssignmentReopening, Participant, Round
from assessments.services import assignment_save, round_close
from assessments.services.ratings import round_indicator_ids
from competency.thaidate import input_date
from tests.builders import make_team, round_dates
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def round_post(team, **extra):
    dates = round_dates(days=30)
    data = {
        "agency": team.agency.pk, "name_th": "รอบใหม่", "slug": "new-round",
        "fiscal_year": dates["fiscal_year"], "half": dates["half"],
        "deadline": input_date(dates["deadline"]),  # วว/ดด/ปปปป in the Buddhist era
        "weight_self": "20", "weight_supervisor": "40", "weight_peer": "20",
        "weight_subordinate": "20", "weight_recipient": "0", "pass_mark": "2.00",
        "min_group_size": 3, "rater_cap": 12, "competency_weight": "30",
        "gap_threshold": "1.00", "missing_competency": Round.MissingCompetency.OMIT,
        "competencies": [team.competency.pk],
    }
    return data | extra


def test_round_list_shows_only_own_agency(client):
    team = make_team(size=1)
    other = make_team(size=1)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_list")).content.decode()
    assert reverse("hr:round_dashboard", args=[team.rnd.pk]) in body
    assert reverse("hr:round_dashboard", args=[other.rnd.pk]) not in body


def test_create_round_then_edit_while_draft(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_create"), round_post(team))
    rnd = Round.objects.get(slug="new-round")
    assert response.status_code == 302
    assert rnd.state == "draft" and rnd.agency == team.agency
    assert rnd.deadline == round_dates(days=30)["deadline"]
    assert list(rnd.competencies.all()) == [team.competency]
    edit = reverse("hr:round_edit", args=[rnd.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, round_post(team, name_th="รอบแก้ไข", rater_cap=5, thai_digits="on"))
    rnd.refresh_from_db()
    assert rnd.name_th == "รอบแก้ไข" and rnd.rater_cap == 5 and rnd.thai_digits


def test_create_round_rejects_bad_settings(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    zero = {f"weight_{g}": "0" for g in ("self", "supervisor", "peer", "subordinate")}
    response = client.post(reverse("hr:round_create"), round_post(team, **zero))
    assert response.status_code == 200
    assert "น้ำหนักมากกว่า 0" in response.content.decode()
    response = client.post(reverse("hr:round_create"), round_post(team, pass_mark="4"))
    assert response.status_code == 200
    assert not Round.objects.filter(slug="new-round").exists()


def test_hr_cannot_create_round_for_another_agency(client):
    team = make_team(size=1)
    other = make_team(size=1)
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_create"),
                           round_post(team, agency=other.agency.pk))
    assert response.status_code == 200
    assert not Round.objects.filter(slug="new-round").exists()


def test_edit_refused_once_open(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    url = reverse("hr:round_edit", args=[team.rnd.pk])
    response = client.post(url, round_post(team, name_th="เปลี่ยน"))
    assert response.status_code == 302
    team.rnd.refresh_from_db()
    assert team.rnd.name_th == "รอบทดสอบ"


def test_dashboard_shows_completion_and_non_responders(client):
    team = make_team(size=2)
    ids = round_indicator_ids(rnd=team.rnd)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    assignment_save(assignment=form, rater=team.staff[0], answers=dict.fromkeys(ids, 2),
        submit=True)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    assert "ส่งแล้ว 1 จาก 7 ฉบับ" in body  # 3 self, 2 supervisor, 2 subordinate
    assert team.unit.name_th in body and "ตนเอง" in body
    assert "pct-14" in body  # 1/7
    assert team.boss.full_name in body


def test_round_lifecycle_actions(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    rnd = team.rnd
    for name, state in [("round_open", "open"), ("round_close", "closed"),
                        ("round_release", "released")]:
        response = client.post(reverse(f"hr:{name}", args=[rnd.pk]))
        assert response.status_code == 302
        rnd.refresh_from_db()
        assert rnd.state == state


def test_wrong_transition_shows_message_and_changes_nothing(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_release", args=[team.rnd.pk]), follow=True)
    assert "ประกาศผลได้เมื่อปิดรอบแล้วเท่านั้น" in response.content.decode()
    team.rnd.refresh_from_db()
    assert team.rnd.state == "open"


def test_extend_deadline_and_bad_date(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    url = reverse("hr:round_extend", args=[team.rnd.pk])
    new = team.rnd.half_period[1]  # the last day of the round's fiscal half
    client.post(url, {"deadline": input_date(new)})
    team.rnd.refresh_from_db()
    assert team.rnd.deadline == new
    response = client.post(url, {"deadline": "01/01/2543"}, follow=True)
    assert "ต้องไม่อยู่ในอดีต" in response.content.decode()
    client.post(url, {"deadline": "not-a-date"})
    team.rnd.refresh_from_db()
    assert team.rnd.deadline == new


def test_other_agency_hr_gets_404_and_changes_nothing(client):
    team = make_team(size=1)
    other = make_team(size=1)
    client.force_login(other.hr)
    assert client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).status_code \
        == 404
    assert client.post(reverse("hr:round_close", args=[team.rnd.pk])).status_code == 404
    team.rnd.refresh_from_db()
    assert team.rnd.state == "open"


def test_participants_list_search_and_report_links(client):
    team = make_team(size=3)
    client.force_login(team.hr)
    url = reverse("hr:round_participants", args=[team.rnd.pk])
    body = client.get(url, {"q": team.staff[1].employee_number}).content.decode()
    assert team.staff[1].full_name in body and team.staff[2].full_name not in body
    assert "/reports/" not in body  # open round: no report links yet
    round_close(rnd=team.rnd)
    p = Participant.objects.get(round=team.rnd, employee=team.staff[1])
    body = client.get(url).content.decode()
    assert reverse("reports:participant_report", kwargs={"participant_pk": p.pk}) in body


def test_add_remove_swap_and_reopen_raters(client):
    team = make_team(size=2)
    p = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    peer = EmployeeFactory(unit=team.unit)
    client.force_login(team.hr)
    client.post(reverse("hr:assignment_add", args=[p.pk]),
                {"employee_number": team.staff[1].employee_number, "group": "peer"})
    added = Assignment.objects.get(participant=p, rater=team.staff[1])
    assert added.group == "peer" and added.status == "pending"
    # swap needs a reason and a known number; bad input changes nothing
    swap = reverse("hr:assignment_swap", args=[added.pk])
    client.post(swap, {"employee_number": "nobody", "reason": "ย้าย"})
    client.post(swap, {"employee_number": peer.employee_number, "reason": ""})
    added.refresh_from_db()
    assert added.status == "pending"
    client.post(swap, {"employee_number": peer.employee_number, "reason": "ย้ายหน่วยงาน"})
    added.refresh_from_db()
    assert added.status == "removed"
    new = Assignment.objects.get(participant=p, rater=peer)
    assert new.status == "pending"
    remove = reverse("hr:assignment_remove", args=[new.pk])
    client.post(remove, {"reason": ""})
    new.refresh_from_db()
    assert new.status == "pending"
    client.post(remove, {"reason": "ไม่รู้จักกัน"})
    new.refresh_from_db()
    assert new.status == "removed" and new.decision_reason == "ไม่รู้จักกัน"
    # reopen a submitted form with a reason
    form = Assignment.objects.get(participant=p, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    assignment_save(assignment=form, rater=team.staff[0], answers=dict.fromkeys(ids, 1),
        submit=True)
    reopen = reverse("hr:assignment_reopen", args=[form.pk])
    client.post(reopen, {"reason": ""})
    form.refresh_from_db()
    assert form.status == "submitted"
    client.post(reopen, {"reason": "กรอกผิด"})
    form.refresh_from_db()
    assert form.status == "draft"
    assert AssignmentReopening.objects.get(assignment=form).reason == "กรอกผิด"
    detail = client.get(reverse("hr:participant_detail", args=[p.pk]))
    assert "ไม่รู้จักกัน" in detail.content.decode()


def test_participant_detail_is_404_for_supervisor(client):
    team = make_team(size=1)
    p = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    client.force_login(team.boss.user)
    assert client.get(reverse("hr:participant_detail", args=[p.pk])).status_code == 404
