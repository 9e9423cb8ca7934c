"""Nomination approval: each proposed rater's load against the cap, "approve
all" in one POST, and every refusal next to the row it concerns."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assignment, Employee, Participant
from assessments.services import assignment_decide, assignment_nominate
from tests.builders import make_team
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("assessments:nominations")
APPROVE_ALL = reverse("assessments:nominations_approve_all")


def propose(team, ratee_n: int, rater) -> Assignment:
    ratee = Participant.objects.get(round=team.rnd, employee=team.staff[ratee_n])
    return assignment_nominate(participant=ratee, rater=rater, group="peer",
                               by=team.staff[ratee_n].user)


def row_of(body: str, pk: int) -> str:
    """The markup of one nomination's row."""
    start = body.index(f'id="nomination-{pk}"')
    following = re.search(r'id="nomination-\d+"', body[start + 1:])
    return body[start: start + 1 + following.start()] if following else body[start:]


def upto(body: str) -> str:
    return re.search(r'name="upto" value="(\d+)"', body).group(1)


@pytest.fixture
def proposals():
    team = make_team(size=4)
    rows = [propose(team, 0, team.staff[1]), propose(team, 0, team.staff[2]),
            propose(team, 1, team.staff[3])]
    # Someone else's team: not the boss's to decide.
    other = make_team(size=2)
    foreign = propose(other, 0, other.staff[1])
    return team, rows, foreign


def test_approve_all_approves_every_pending_nomination_and_shows_the_refusal_by_its_row(
    client, proposals,
):
    team, rows, foreign = proposals
    # A rater switched off behind the services' back (the admin's is_active box).
    Employee.objects.filter(pk=team.staff[2].pk).update(is_active=False)
    client.force_login(team.boss.user)
    body = client.get(LIST).content.decode()
    assert "อนุมัติทั้งหมด (3 ราย)" in body
    response = client.post(APPROVE_ALL, {"upto": upto(body)}, follow=True)
    statuses = {a.pk: a.status for a in Assignment.objects.filter(
        pk__in=[a.pk for a in rows] + [foreign.pk])}
    assert statuses == {rows[0].pk: "pending", rows[1].pk: "proposed",
                        rows[2].pk: "pending", foreign.pk: "proposed"}
    body = response.content.decode()
    assert "อนุมัติแล้ว 2 ราย อนุมัติไม่ได้ 1 ราย" in body
    refused = row_of(body, rows[1].pk)
    assert team.staff[2].full_name in refused and "ถูกระงับการใช้งาน" in refused
    assert 'role="alert"' in refused
    # Shown once: the next visit has no stale error.
    assert "ถูกระงับการใช้งาน" not in client.get(LIST).content.decode()


def test_approve_all_leaves_a_nomination_made_after_the_page_was_drawn(client, proposals):
    team, rows, _foreign = proposals
    client.force_login(team.boss.user)
    drawn = upto(client.get(LIST).content.decode())
    late = propose(team, 2, team.staff[0])
    client.post(APPROVE_ALL, {"upto": drawn})
    late.refresh_from_db()
    assert late.status == "proposed"
    assert not Assignment.objects.filter(pk__in=[a.pk for a in rows], status="proposed").exists()


@pytest.mark.parametrize("bad", ["", "x", "9" * 30, "-1", "1\x00", "๑"])
def test_approve_all_with_a_broken_form_approves_nothing(client, proposals, bad):
    team, rows, _foreign = proposals
    client.force_login(team.boss.user)
    response = client.post(APPROVE_ALL, {"upto": bad}, follow=True)
    assert response.status_code == 200
    assert "โปรดเปิดหน้ารายการเสนอชื่อใหม่" in response.content.decode()
    assert Assignment.objects.filter(pk__in=[a.pk for a in rows], status="proposed").count() == 3


def test_a_refused_decision_shows_by_its_row_with_the_reason_kept(client, proposals):
    team, rows, _foreign = proposals
    client.force_login(team.boss.user)
    decide = reverse("assessments:nomination_decide", args=[rows[1].pk])
    response = client.post(decide, {"decision": "reject", "reason": "   "}, follow=True)
    body = response.content.decode()
    assert "โปรดระบุเหตุผลที่ไม่อนุมัติ" in row_of(body, rows[1].pk)
    assert "โปรดระบุเหตุผลที่ไม่อนุมัติ" not in row_of(body, rows[0].pk)
    assert 'aria-invalid="true"' in row_of(body, rows[1].pk)
    assert response.redirect_chain[-1][0].endswith(f"#nomination-{rows[1].pk}")


def test_approving_a_rater_who_left_is_refused(proposals):
    team, rows, _foreign = proposals
    Employee.objects.filter(pk=team.staff[1].pk).update(is_active=False)
    with pytest.raises(ValidationError, match="ถูกระงับการใช้งาน"):
        assignment_decide(assignment=rows[0], by=team.boss.user, approve=True)
    rows[0].refresh_from_db()
    assert rows[0].status == "proposed"
    # Rejecting stays possible: that is how the approver clears the row.
    assignment_decide(assignment=rows[0], by=team.boss.user, approve=False, reason="ลาออก")


def test_each_row_shows_the_raters_load_as_the_cap_counts_it(client):
    team = make_team(size=4)
    busy = team.staff[3]
    extra = EmployeeFactory(unit=team.unit)
    # busy rates the boss (subordinate, from the opening) and staff 1 (approved),
    # and is proposed for staff 0 and 2.
    ratee = Participant.objects.get(round=team.rnd, employee=team.staff[1])
    assignment_nominate(participant=ratee, rater=busy, group="peer", by=team.boss.user,
                        approved=True)
    first = propose(team, 0, busy)
    propose(team, 2, busy)
    propose(team, 0, extra)
    client.force_login(team.boss.user)
    body = client.get(LIST).content.decode()
    cap = team.rnd.rater_cap
    # Their own self form is not counted, as the cap does not count it.
    assert (f"ผู้ประเมินรายนี้ประเมินผู้อื่นในรอบนี้แล้ว 2 ฉบับ และรออนุมัติ 2 ฉบับ "
            f"รวมรายการนี้ (รับได้ไม่เกิน {cap} ฉบับ)") in row_of(body, first.pk)
