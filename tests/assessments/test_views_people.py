"""Supervisor's team, nominations, the employee's results and the landing page."""

import pytest
from django.urls import reverse

from assessments.models import Assignment, Participant
from assessments.services import assignment_save, round_close, round_release
from assessments.services.ratings import round_indicator_ids
from competency.templatetags.thai import person_name
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def participant_of(team, n=0):
    return Participant.objects.get(round=team.rnd, employee=team.staff[n])


def test_team_shows_completion_and_report_links_only_after_release(client):
    team = make_team(size=2)
    ids = round_indicator_ids(rnd=team.rnd)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    assignment_save(assignment=form, rater=team.staff[0], answers=dict.fromkeys(ids, 2),
        submit=True)
    client.force_login(team.boss.user)
    body = client.get(reverse("assessments:team")).content.decode()
    assert person_name(team.staff[0].full_name) in body and "ประเมินตนเอง: ส่งแล้ว" in body
    own = Assignment.objects.get(rater=team.boss, participant=participant_of(team))
    assert reverse("assessments:rate", args=[own.pk]) in body  # the supervisor's own form
    assert "/reports/" not in body
    round_close(rnd=team.rnd)
    round_release(rnd=team.rnd)
    body = client.get(reverse("assessments:team")).content.decode()
    url = reverse("reports:participant_report", kwargs={"participant_pk": participant_of(team).pk})
    assert url in body


def test_team_is_empty_for_staff(client):
    team = make_team(size=2)
    client.force_login(team.staff[0].user)
    body = client.get(reverse("assessments:team")).content.decode()
    assert team.staff[1].full_name not in body


def test_employee_proposes_peer_after_searching(client):
    team = make_team(size=3, weight_peer="20")
    me = participant_of(team)
    client.force_login(team.staff[0].user)
    url = reverse("assessments:nominate", args=[me.pk])
    body = client.get(url, {"q": team.staff[1].first_name}).content.decode()
    assert team.staff[1].employee_number in body
    assert team.staff[0].employee_number not in body.split("ค้นหาผู้ประเมิน")[1]
    client.post(reverse("assessments:nominate_add", args=[me.pk]),
                {"rater": team.staff[1].pk, "group": "peer"})
    a = Assignment.objects.get(participant=me, rater=team.staff[1])
    assert a.status == "proposed" and a.group == "peer"


def test_supervisor_nomination_is_auto_approved(client):
    team = make_team(size=3)
    p = participant_of(team)
    client.force_login(team.boss.user)
    client.post(reverse("assessments:nominate_add", args=[p.pk]),
                {"rater": team.staff[2].pk, "group": "peer"})
    assert Assignment.objects.get(participant=p, rater=team.staff[2]).status == "pending"


def test_nomination_of_outsider_or_bad_group_changes_nothing(client):
    team = make_team(size=2)
    other = make_team(size=1)
    me = participant_of(team)
    client.force_login(team.staff[0].user)
    add = reverse("assessments:nominate_add", args=[me.pk])
    for data in ({"rater": other.staff[0].pk, "group": "peer"},
                 {"rater": team.staff[1].pk, "group": "supervisor"},
                 {"rater": "abc", "group": "peer"}):
        response = client.post(add, data, follow=True)
        assert response.status_code == 200
    assert not Assignment.objects.filter(participant=me, group="peer").exists()


def test_other_employee_cannot_nominate_for_me(client):
    team = make_team(size=2)
    me = participant_of(team)
    client.force_login(team.staff[1].user)
    assert client.get(reverse("assessments:nominate", args=[me.pk])).status_code == 404
    response = client.post(reverse("assessments:nominate_add", args=[me.pk]),
                           {"rater": team.staff[1].pk, "group": "peer"})
    assert response.status_code == 404
    assert not Assignment.objects.filter(participant=me, group="peer").exists()


def test_rater_cap_message_shows(client):
    team = make_team(size=3, rater_cap=1)
    busy = team.staff[2]
    client.force_login(team.boss.user)
    client.post(reverse("assessments:nominate_add", args=[participant_of(team, 0).pk]),
                {"rater": busy.pk, "group": "peer"})
    response = client.post(reverse("assessments:nominate_add", args=[participant_of(team, 1).pk]),
                           {"rater": busy.pk, "group": "peer"}, follow=True)
    assert "มีแบบประเมินครบ 1 ฉบับแล้ว" in response.content.decode()
    assert not Assignment.objects.filter(participant=participant_of(team, 1), rater=busy).exists()


def test_supervisor_approves_and_rejects_with_reason(client):
    team = make_team(size=3)
    me = participant_of(team)
    client.force_login(team.staff[0].user)
    add = reverse("assessments:nominate_add", args=[me.pk])
    client.post(add, {"rater": team.staff[1].pk, "group": "peer"})
    client.post(add, {"rater": team.staff[2].pk, "group": "peer"})
    first = Assignment.objects.get(participant=me, rater=team.staff[1])
    second = Assignment.objects.get(participant=me, rater=team.staff[2])
    # the employee cannot decide on their own nominations
    decide = reverse("assessments:nomination_decide", args=[first.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    client.force_login(team.boss.user)
    body = client.get(reverse("assessments:nominations")).content.decode()
    assert person_name(team.staff[1].full_name) in body
    client.post(decide, {"decision": "approve"})
    first.refresh_from_db()
    assert first.status == "pending"
    reject = reverse("assessments:nomination_decide", args=[second.pk])
    response = client.post(reject, {"decision": "reject", "reason": ""}, follow=True)
    assert "โปรดระบุเหตุผลที่ไม่อนุมัติ" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "proposed"
    client.post(reject, {"decision": "reject", "reason": "ไม่ได้ทำงานร่วมกัน"})
    second.refresh_from_db()
    assert second.status == "rejected" and second.decision_reason == "ไม่ได้ทำงานร่วมกัน"
    client.post(reject, {"decision": "bogus"})
    second.refresh_from_db()
    assert second.status == "rejected"


def test_employee_sees_approval_not_whether_peer_answered(client):
    team = make_team(size=3)
    me = participant_of(team)
    client.force_login(team.boss.user)
    client.post(reverse("assessments:nominate_add", args=[me.pk]),
                {"rater": team.staff[1].pk, "group": "peer"})
    form = Assignment.objects.get(participant=me, rater=team.staff[1])
    ids = round_indicator_ids(rnd=team.rnd)
    assignment_save(assignment=form, rater=team.staff[1], answers=dict.fromkeys(ids, 2),
        submit=True)
    client.force_login(team.staff[0].user)
    body = client.get(reverse("assessments:nominate", args=[me.pk])).content.decode()
    assert "อนุมัติแล้ว" in body and "ส่งแล้ว" not in body


def test_my_results_links_report_only_when_released(client):
    team = make_team(size=1)
    client.force_login(team.staff[0].user)
    url = reverse("reports:participant_report", kwargs={"participant_pk": participant_of(team).pk})
    body = client.get(reverse("assessments:my_results")).content.decode()
    assert "ยังไม่ประกาศผล" in body and url not in body
    round_close(rnd=team.rnd)
    assert url not in client.get(reverse("assessments:my_results")).content.decode()
    round_release(rnd=team.rnd)
    assert url in client.get(reverse("assessments:my_results")).content.decode()


def test_home_landing_links_by_role(client):
    team = make_team(size=1)
    assert "เข้าสู่ระบบ" in client.get(reverse("home")).content.decode()
    client.force_login(team.staff[0].user)
    body = client.get(reverse("home")).content.decode()
    assert reverse("assessments:my_forms") in body
    assert "มีแบบประเมินรอกรอก 2 ฉบับ" in body  # self + subordinate
    assert reverse("hr:round_list") not in body
    client.force_login(team.hr)
    body = client.get(reverse("home")).content.decode()
    assert reverse("hr:round_list") in body


def test_non_employee_user_pages_are_empty_not_errors(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    for name in ("my_forms", "team", "nominations", "my_results"):
        assert client.get(reverse(f"assessments:{name}")).status_code == 200


def test_nomination_approval_shows_the_proposed_raters_load(client):
    team = make_team(size=3, weight_peer="20")
    me = participant_of(team)
    client.force_login(team.staff[0].user)
    client.post(reverse("assessments:nominate_add", args=[me.pk]),
                {"rater": team.staff[1].pk, "group": "peer"})
    # As the cap counts: every form but the rater's own self form.
    load = Assignment.objects.filter(rater=team.staff[1], round=team.rnd,
                                     status__in=Assignment.ACTIVE_STATUSES).exclude(
                                         group="self").count()
    assert load == 1  # they rate their supervisor
    client.force_login(team.boss.user)
    body = client.get(reverse("assessments:nominations")).content.decode()
    cap = team.rnd.rater_cap
    assert (f"ผู้ประเมินรายนี้ประเมินผู้อื่นในรอบนี้แล้ว {load} ฉบับ และรออนุมัติ 1 ฉบับ "
            f"รวมรายการนี้ (รับได้ไม่เกิน {cap} ฉบับ)") in body
