"""The fixed cast of the access matrix, built fresh for each test.

One agency with two teams (each a supervisor and staff) and an HR officer;
a second agency with its own HR officer. The round is released and every
form of the first team is submitted, so result pages exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Assignment, Participant, Round
from assessments.services import assignment_save, round_close, round_release
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team
from tests.factories import EmployeeFactory, HrOfficerFactory, OrgUnitFactory

ROLES = (
    "anonymous", "employee", "other_employee", "supervisor", "other_supervisor", "hr", "other_hr",
)


@dataclass
class World:
    rnd: Round
    users: dict[str, object]  # role -> User (None for anonymous)
    employee: object
    other_employee: object
    supervisor: object
    participant: Participant  # the employee's participation
    self_form: Assignment  # the employee's own self-assessment
    extra: dict = field(default_factory=dict)  # rows files may stash objects here


def build_world(*, state: str = Round.State.RELEASED) -> World:
    team = make_team(size=3, open_round=False)
    other_unit = OrgUnitFactory(agency=team.agency)
    other_boss = EmployeeFactory(unit=other_unit, position_type="director",
                                 position_level="primary")
    EmployeeFactory(unit=other_unit, supervisor=other_boss)
    from assessments.services import round_open

    rnd = round_open(rnd=team.rnd)
    employee, other_employee = team.staff[0], team.staff[1]
    participant = Participant.objects.get(round=rnd, employee=employee)
    self_form = Assignment.objects.get(participant=participant, group="self")
    if state in Round.FINISHED_STATES:
        answers = dict.fromkeys(round_indicator_ids(rnd=rnd), 2)
        for form in Assignment.objects.filter(round=rnd, participant__employee__in=team.staff):
            assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)
        round_close(rnd=rnd)
        if state == Round.State.RELEASED:
            round_release(rnd=rnd)
    rnd.refresh_from_db()
    self_form.refresh_from_db()
    users = {
        "anonymous": None,
        "employee": employee.user,
        "other_employee": other_employee.user,
        "supervisor": team.boss.user,
        "other_supervisor": other_boss.user,
        "hr": team.hr,
        "other_hr": HrOfficerFactory().user,
    }
    return World(rnd=rnd, users=users, employee=employee, other_employee=other_employee,
                 supervisor=team.boss, participant=participant, self_form=self_form)
