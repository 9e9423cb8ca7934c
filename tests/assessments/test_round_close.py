"""Closing a round is a decision with the facts in front of it: nominations
awaiting approval, outstanding forms and reopened forms not yet resubmitted
are listed before the button; a reopened form never drops out silently."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from assessments.models import Assignment, Participant
from assessments.selectors import round_close_facts, round_reopened_open
from assessments.services import assignment_nominate, assignment_reopen, assignment_save
from assessments.services.ratings import round_indicator_ids
from competency.templatetags.thai import person_name
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def submit_all(team):
    answers = dict.fromkeys(round_indicator_ids(rnd=team.rnd), 2)
    for form in Assignment.objects.filter(round=team.rnd):
        assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)


def reopen_self_form(team, employee):
    form = Assignment.objects.get(round=team.rnd, rater=employee, group="self")
    return assignment_reopen(assignment=form, by=team.hr, reason="กรอกผิดข้อ 2")


def section(body: str, anchor: str) -> str:
    start = body.index(anchor)
    return body[start:body.index("</section>", start)]


def test_a_reopened_form_is_named_on_the_round_page_after_close(client):
    """The finding: reopened before the close, the form became a plain draft
    nobody could submit any more, its earlier answers counted nowhere, and
    nothing on the page told it from a form never begun."""
    team = make_team(size=2)
    submit_all(team)
    reopen_self_form(team, team.staff[0])
    client.force_login(team.hr)
    client.post(reverse("hr:round_close", args=[team.rnd.pk]))
    team.rnd.refresh_from_db()
    assert team.rnd.state == "closed"
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    reopened = section(body, 'id="reopened-forms"')
    assert "เปิดให้แก้ไขแล้วยังไม่ส่งกลับ" in reopened
    assert person_name(team.staff[0].full_name) in reopened


def test_the_selector_counts_reopened_forms_until_resubmitted():
    team = make_team(size=2)
    submit_all(team)
    form = reopen_self_form(team, team.staff[0])
    assert [a.pk for a in round_reopened_open(rnd=team.rnd)] == [form.pk]
    facts = round_close_facts(rnd=team.rnd)
    assert (facts.open_forms, facts.open_raters, len(facts.reopened)) == (1, 1, 1)
    assignment_save(assignment=form, rater=team.staff[0],
                    answers=dict.fromkeys(round_indicator_ids(rnd=team.rnd), 3), submit=True)
    assert not round_reopened_open(rnd=team.rnd).exists()
    assert round_close_facts(rnd=team.rnd).clean


def test_the_confirmation_lists_what_is_pending(client):
    team = make_team(size=3)
    submit_all(team)
    reopen_self_form(team, team.staff[0])
    Assignment.objects.filter(round=team.rnd, rater=team.staff[1]).update(status="pending")
    target = Participant.objects.get(round=team.rnd, employee=team.staff[2])
    assignment_nominate(participant=target, rater=team.staff[0], group="peer", by=None)
    client.force_login(team.hr)
    url = reverse("hr:round_close", args=[team.rnd.pk])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    proposed = section(body, 'id="close-proposed"')
    assert "1 ราย" in proposed and reverse("assessments:nominations") in proposed
    outstanding = section(body, 'id="close-outstanding"')
    assert "ผู้ประเมิน 2 คน ยังไม่ส่ง 3 ฉบับ" in outstanding  # staff[1]: self + boss
    assert person_name(team.staff[1].full_name) in outstanding
    assert reverse("hr:round_missing", args=[team.rnd.pk]) in outstanding
    reopened = section(body, 'id="close-reopened"')
    assert person_name(team.staff[0].full_name) in reopened and "กรอกผิดข้อ 2" in reopened
    assert f'action="{url}"' in body and "ปิดรอบการประเมิน</button>" in body
    team.rnd.refresh_from_db()
    assert team.rnd.state == "open"  # looking changes nothing


def test_the_dashboard_links_to_the_confirmation_without_a_script_confirm(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    url = reverse("hr:round_close", args=[team.rnd.pk])
    assert f'href="{url}"' in body
    assert f'action="{url}"' not in body  # closing happens on the confirmation only


def test_nothing_pending_says_so(client):
    team = make_team(size=1)
    submit_all(team)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_close", args=[team.rnd.pk])).content.decode()
    assert "ไม่มีแบบประเมินค้างส่งและไม่มีการเสนอชื่อที่รออนุมัติ" in body


def test_reopened_forms_may_stay_open_for_their_raters_after_close(client):
    team = make_team(size=2)
    submit_all(team)
    kept = reopen_self_form(team, team.staff[0])
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_close", args=[team.rnd.pk]),
                           {"reopened_late": "1"})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("เปิดให้แก้ไขแล้วยังไม่ส่งกลับ 1 ฉบับ" in m for m in messages)
    kept.refresh_from_db()
    assert kept.allow_late and kept.is_editable()
    # Submitted late, it counts again and leaves the list.
    assignment_save(assignment=kept, rater=team.staff[0],
                    answers=dict.fromkeys(round_indicator_ids(rnd=team.rnd), 3), submit=True)
    assert not round_reopened_open(rnd=team.rnd).exists()


def test_without_the_choice_a_reopened_form_stays_closed(client):
    team = make_team(size=2)
    submit_all(team)
    form = reopen_self_form(team, team.staff[0])
    client.force_login(team.hr)
    client.post(reverse("hr:round_close", args=[team.rnd.pk]))
    form.refresh_from_db()
    assert not form.allow_late and not form.is_editable()


def test_a_closed_round_has_no_confirmation(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    client.post(reverse("hr:round_close", args=[team.rnd.pk]))
    response = client.get(reverse("hr:round_close", args=[team.rnd.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "ปิดรอบได้เฉพาะรอบที่เปิดประเมินอยู่" in messages
    assert client.post(reverse("hr:round_close", args=[team.rnd.pk])).status_code == 302


def test_the_english_confirmation_cancels_rather_than_says_removed(client):
    """The finding: the way back read "Removed" on the English page, the
    word the bare msgid carries as an assignment's status."""
    team = make_team(size=2)
    client.force_login(team.hr)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("hr:round_close", args=[team.rnd.pk])).content.decode()
    back = reverse("hr:round_dashboard", args=[team.rnd.pk])
    assert f'href="{back}">Cancel</a>' in body
    assert "Removed" not in body
