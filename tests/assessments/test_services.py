import pytest
from django.core.exceptions import ValidationError

from assessments.models import Assignment, Participant, Rating, Round
from assessments.selectors import round_results
from assessments.services import (
    assignment_decide,
    assignment_nominate,
    assignment_reopen,
    assignment_save,
    round_close,
    round_open,
    round_release,
)
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def all_answers(rnd, value):
    return dict.fromkeys(round_indicator_ids(rnd=rnd), value)


def test_opening_freezes_roster_and_creates_self_supervisor_subordinate_forms():
    team = make_team(size=3)
    p = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    assert p.unit_name == team.unit.name_th
    assert p.supervisor == team.boss
    assert p.expected_levels == {"102": 2}  # knowledge / professional, core
    boss_p = Participant.objects.get(round=team.rnd, employee=team.boss)
    assert boss_p.expected_levels == {"102": 3}  # director / primary
    groups = sorted(boss_p.assignments.values_list("group", flat=True))
    assert groups == ["self", "subordinate", "subordinate", "subordinate"]
    assert sorted(p.assignments.values_list("group", flat=True)) == ["self", "supervisor"]
    # Later org changes do not rewrite the running round.
    team.staff[0].position_name = "ตำแหน่งใหม่"
    team.staff[0].supervisor = None
    team.staff[0].save()
    p.refresh_from_db()
    assert p.supervisor == team.boss


def test_round_cannot_open_twice():
    team = make_team(size=1)
    with pytest.raises(ValidationError):
        round_open(rnd=team.rnd)


def test_draft_then_submit_then_read_only():
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    assignment_save(assignment=form, rater=me, answers={ids[0]: 3})
    form.refresh_from_db()
    assert form.status == "draft"
    with pytest.raises(ValidationError, match="ยังตอบไม่ครบ 12 ข้อ"):
        assignment_save(assignment=form, rater=me, answers={ids[1]: 2}, submit=True)
    assert Rating.objects.get(assignment=form, indicator_id=ids[0]).value == 3
    assert not Rating.objects.filter(assignment=form, indicator_id=ids[1]).exists()
    assignment_save(assignment=form, rater=me, answers=all_answers(team.rnd, None) | {ids[0]: 3},
              submit=True)
    form.refresh_from_db()
    assert form.status == "submitted"
    with pytest.raises(ValidationError, match="ส่งแล้ว"):
        assignment_save(assignment=form, rater=me, answers={ids[0]: 0})
    assert Rating.objects.get(assignment=form, indicator_id=ids[0]).value == 3


@pytest.mark.parametrize(
    "bad",
    [{999999: 2}, {"value": 4}, {"value": -1}, {"value": "2"}],
)
def test_bad_answers_change_nothing(bad):
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    first = round_indicator_ids(rnd=team.rnd)[0]
    answers = {first: bad["value"]} if "value" in bad else bad
    with pytest.raises(ValidationError):
        assignment_save(assignment=form, rater=me, answers=answers)
    assert not Rating.objects.filter(assignment=form).exists()
    form.refresh_from_db()
    assert form.status == "pending"


def test_someone_elses_form_and_closed_round_are_refused():
    team = make_team(size=2)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    with pytest.raises(ValidationError, match="ไม่ใช่ของท่าน"):
        assignment_save(assignment=form, rater=team.staff[1], answers={})
    round_close(rnd=team.rnd)
    with pytest.raises(ValidationError, match="ปิดแล้ว"):
        assignment_save(assignment=form, rater=team.staff[0], answers={})


def test_reopen_needs_reason_and_allows_late_save():
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    assignment_save(assignment=form, rater=me, answers=all_answers(team.rnd, 2), submit=True)
    round_close(rnd=team.rnd)
    with pytest.raises(ValidationError):
        assignment_reopen(assignment=form, by=team.hr, reason="  ")
    assignment_reopen(assignment=form, by=team.hr, reason="ผู้ประเมินกดส่งผิด")
    assert form.reopenings.get().reason == "ผู้ประเมินกดส่งผิด"
    assignment_save(assignment=form, rater=me, answers=all_answers(team.rnd, 3), submit=True)
    form.refresh_from_db()
    assert form.status == "submitted" and not form.allow_late


def test_peer_nomination_approval_and_cap():
    team = make_team(size=3, rater_cap=2)  # staff already rate their boss: 1 form
    target = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    peer = team.staff[1]
    proposed = assignment_nominate(participant=target, rater=peer, group="peer", by=None)
    assert proposed.status == "proposed"
    with pytest.raises(ValidationError, match="อยู่แล้ว"):
        assignment_nominate(participant=target, rater=peer, group="peer", by=None)
    other = Participant.objects.get(round=team.rnd, employee=team.staff[2])
    with pytest.raises(ValidationError, match="ครบ 2 ฉบับ"):
        assignment_nominate(participant=other, rater=peer, group="peer", by=None)
    with pytest.raises(ValidationError, match="เหตุผล"):
        assignment_decide(assignment=proposed, by=team.hr, approve=False)
    assignment_decide(assignment=proposed, by=team.hr, approve=True)
    proposed.refresh_from_db()
    assert proposed.status == "pending"


def test_outsider_cannot_be_nominated():
    team = make_team(size=1)
    target = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    outsider = EmployeeFactory()  # another agency
    with pytest.raises(ValidationError, match="ไม่พบผู้ประเมิน"):
        assignment_nominate(participant=target, rater=outsider, group="peer", by=None)


def test_round_results_in_sql_match_the_rules():
    team = make_team(size=3)
    rnd = team.rnd
    boss_p = Participant.objects.get(round=rnd, employee=team.boss)
    # The director: self 3, three subordinates 2 -> (20*3 + 20*2)/40 = 2.5 everywhere.
    for form in Assignment.objects.filter(participant=boss_p):
        value = 3 if form.group == "self" else 2
        assignment_save(assignment=form, rater=form.rater, answers=all_answers(rnd, value),
                  submit=True)
    round_close(rnd=rnd)
    round_release(rnd=rnd)
    result = round_results(rnd=rnd)[boss_p.pk].results["102"]
    assert result.shown_level == 5
    assert result.plan.rater_counts == {"self": 1, "subordinate": 3}
    assert result.level_scores[1] == pytest.approx(2.5)
    assert result.gap_points == 3
    staff_p = Participant.objects.get(round=rnd, employee=team.staff[0])
    assert round_results(rnd=rnd)[staff_p.pk].results["102"].shown_level is None
    assert Round.objects.get(pk=rnd.pk).state == "released"
