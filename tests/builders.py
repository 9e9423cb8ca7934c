"""Small scenario builders on top of the factories (fresh objects per call)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.management import call_command

from assessments.models import Agency, Employee, OrgUnit, Round
from assessments.services import round_create, round_open
from competency.models import Competency
from competency.thaidate import fiscal_half_of

from .factories import AgencyFactory, EmployeeFactory, HrOfficerFactory, OrgUnitFactory


@dataclass
class Team:
    agency: Agency
    unit: OrgUnit
    hr: object  # User
    boss: Employee  # supervisor of the staff
    staff: list[Employee]
    rnd: Round
    competency: Competency


def round_dates(*, days: int = 14) -> dict:
    """A deadline ``days`` from today and the fiscal year and half it lies in,
    as ``round_create`` takes them (a round's deadline lies in its half)."""
    deadline = dt.date.today() + dt.timedelta(days=days)
    fiscal_year, half = fiscal_half_of(deadline)
    return {"fiscal_year": fiscal_year, "half": half, "deadline": deadline}


def next_half(fiscal_year: int, half: int) -> tuple[int, int]:
    return (fiscal_year, 2) if half == 1 else (fiscal_year + 1, 1)


def load_catalogue() -> Competency:
    call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
    return Competency.objects.get(code="102")


def make_team(*, size: int = 4, open_round: bool = True, **round_settings) -> Team:
    """An agency with one unit: a director, ``size`` staff under them, an HR
    officer, and a Service Mind round (opened unless ``open_round`` is False)."""
    competency = load_catalogue()
    agency = AgencyFactory()
    unit = OrgUnitFactory(agency=agency)
    boss = EmployeeFactory(unit=unit, position_type="director", position_level="primary",
                           position_name="ผู้อำนวยการกอง")
    staff = [EmployeeFactory(unit=unit, supervisor=boss) for _ in range(size)]
    hr = HrOfficerFactory(agency=agency).user
    rnd = round_create(
        agency=agency, name_th="รอบทดสอบ", slug=f"r-{agency.code}", **round_dates(),
        **round_settings,
    )
    if open_round:
        rnd = round_open(rnd=rnd)
    return Team(agency=agency, unit=unit, hr=hr, boss=boss, staff=staff, rnd=rnd,
                competency=competency)
