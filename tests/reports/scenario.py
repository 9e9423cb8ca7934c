"""A rated round for the report tests: fresh objects per call, nothing shared."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.models import Assignment, Participant, Round
from assessments.services import assignment_add, assignment_save, round_close, round_release
from assessments.services.ratings import round_indicator_ids
from competency.models import Indicator
from tests.builders import Team, make_team

PEER_COMMENTS = ["ให้บริการด้วยความเต็มใจเสมอ", "ควรแจ้งความคืบหน้าให้บ่อยขึ้น",
                 "ประสานงานกับหน่วยงานอื่นได้ดี"]
HIDDEN_COMMENT = "ความเห็นจากกลุ่มที่ไม่ถึงเกณฑ์ขั้นต่ำ"


@dataclass
class Rated:
    team: Team
    rnd: Round
    ratee: Participant  # staff[0]: self, supervisor and 3 peers (peer group shown)
    small: Participant  # staff[1]: self, supervisor and 2 peers (peer group hidden)


def answers_for(rnd: Round, group: str, *, bump: int = 0) -> dict[int, int | None]:
    """Levels 1-2 high, level 3 around the pass mark, 4-5 low; self rates higher."""
    out = {}
    levels = dict(Indicator.objects.filter(pk__in=round_indicator_ids(rnd=rnd))
                  .values_list("pk", "level__number"))
    for n, pk in enumerate(round_indicator_ids(rnd=rnd)):
        level = levels[pk]
        base = {1: 3, 2: 3, 3: 2, 4: 1, 5: 1}[level]
        if group == "self":
            base = min(3, base + 1)
        if group == "peer" and level == 3 and n % 2:
            base = 1
        out[pk] = max(0, min(3, base + bump))
    return out


def rated_round(*, state: str = Round.State.RELEASED, thai_digits: bool = False) -> Rated:
    team = make_team(size=4, thai_digits=thai_digits)
    rnd = team.rnd
    staff = team.staff
    ratee = Participant.objects.get(round=rnd, employee=staff[0])
    small = Participant.objects.get(round=rnd, employee=staff[1])
    for rater in staff[1:4]:
        assignment_add(participant=ratee, rater=rater, group="peer", by=team.hr)
    for rater in (staff[2], staff[3]):
        assignment_add(participant=small, rater=rater, group="peer", by=team.hr)
    comp = team.competency
    peer_comments = iter(PEER_COMMENTS)
    for form in Assignment.objects.filter(round=rnd).select_related("participant"):
        comments = {}
        if form.participant_id == ratee.pk and form.group == "peer":
            comments = {comp.pk: next(peer_comments)}
        elif form.participant_id == ratee.pk and form.group == "supervisor":
            comments = {comp.pk: "ตั้งใจทำงานและรับผิดชอบดีมาก"}
        elif form.participant_id == small.pk and form.group == "peer":
            comments = {comp.pk: HIDDEN_COMMENT}
        assignment_save(assignment=form, rater=form.rater, answers=answers_for(rnd, form.group),
                  comments=comments, submit=True)
    if state in Round.FINISHED_STATES:
        rnd = round_close(rnd=rnd)
    if state == Round.State.RELEASED:
        rnd = round_release(rnd=rnd)
    return Rated(team=team, rnd=rnd, ratee=ratee, small=small)
