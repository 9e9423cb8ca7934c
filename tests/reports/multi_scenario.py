"""Rounds over several competencies, and a second round of the same people,
for the multi-competency and progress tests (fresh objects per call)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from assessments.models import Assignment, Participant, Round
from assessments.services import (
    assignment_save,
    round_close,
    round_create,
    round_open,
    round_release,
)
from competency.models import Competency, Indicator
from competency.thaidate import fiscal_half_period
from reports.services import round_snapshots_update
from tests.builders import Team, make_team, next_half
from tests.factories import CompetencyFactory

# Answers per competency code: level number -> value every rater gives, or
# (level, order) -> value for single indicators. Missing levels get 0.
Plan = Mapping[str, Mapping[object, int]]


def three_competencies() -> list[Competency]:
    """Service Mind (from the fixture) and two agency competencies of the same kind."""
    from tests.builders import load_catalogue

    service_mind = load_catalogue()
    first = CompetencyFactory(code="101", name_th="การมุ่งผลสัมฤทธิ์",
                              definition_th="ความมุ่งมั่นจะปฏิบัติราชการให้ดีหรือให้เกินมาตรฐาน",
                              indicators_per_level=2)
    second = CompetencyFactory(code="105", name_th="การทำงานเป็นทีม",
                               definition_th="ความตั้งใจที่จะทำงานร่วมกับผู้อื่น เป็นส่วนหนึ่งของทีม",
                               indicators_per_level=3)
    return [service_mind, first, second]


def shown_up_to(level: int) -> dict[int, int]:
    """Levels up to ``level`` rated 3 by everyone, the rest 0."""
    return {n: 3 if n <= level else 0 for n in range(1, 6)}


def rate_all(*, rnd: Round, plan: Plan) -> None:
    """Every active form of the round answers as ``plan`` says, and is submitted."""
    indicators = Indicator.objects.filter(
        level__competency__in=rnd.competencies.all()
    ).select_related("level__competency")
    answers = {}
    for ind in indicators:
        by = plan.get(ind.level.competency.code, {})
        value = by.get((ind.level.number, ind.order), by.get(ind.level.number, 0))
        answers[ind.pk] = value
    for form in Assignment.objects.filter(round=rnd, status__in=Assignment.ACTIVE_STATUSES):
        assignment_save(assignment=form, rater=form.rater, answers=answers, comments={},
            submit=True)


def set_expected(*, rnd: Round, levels: Mapping[str, int]) -> None:
    """Expected levels as the test needs them (frozen at opening in real life)."""
    for p in Participant.objects.filter(round=rnd):
        p.expected_levels = {**p.expected_levels, **levels}
        p.save(update_fields=["expected_levels"])


def finish(rnd: Round, *, release: bool = True) -> Round:
    rnd = round_close(rnd=rnd)
    if release:
        rnd = round_release(rnd=rnd)
    round_snapshots_update(rnd=rnd)
    return rnd


def multi_round(*, plan: Plan, expected: Mapping[str, int] | None = None,
                **round_settings) -> Team:
    """An opened, rated, closed and released round over three competencies, snapshotted."""
    comps = three_competencies()
    team = make_team(size=2, competencies=comps, **round_settings)
    if expected:
        set_expected(rnd=team.rnd, levels=expected)
    rate_all(rnd=team.rnd, plan=plan)
    team.rnd = finish(team.rnd)
    return team


def next_round(*, team: Team, plan: Plan, competencies: list[Competency] | None = None,
               expected: Mapping[str, int] | None = None, release: bool = True,
               name_th: str = "รอบถัดไป", **round_settings) -> Round:
    """A later round (the next fiscal half) of the same agency and people."""
    fiscal_year, half = next_half(team.rnd.fiscal_year, team.rnd.half)
    start, _end = fiscal_half_period(fiscal_year_be=fiscal_year, half=half)
    rnd = round_create(
        agency=team.agency, name_th=name_th, slug=f"n-{team.agency.code}",
        fiscal_year=fiscal_year, half=half, deadline=start + dt.timedelta(days=14),
        competencies=competencies or [rc.competency for rc in
                                      team.rnd.round_competencies.order_by("order")],
        **round_settings,
    )
    rnd = round_open(rnd=rnd)
    if expected:
        set_expected(rnd=rnd, levels=expected)
    rate_all(rnd=rnd, plan=plan)
    return finish(rnd, release=release)
