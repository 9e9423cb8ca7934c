"""The whole demo department: create it once, describe it, delete it."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from competency.thaidate import fiscal_half_of

from ..models import Agency, Assignment, AssignmentComment, Employee, HrOfficer, OrgUnit, Rating
from ..services.counters import counter_tables_vacuum
from .common import (
    AGENCY_CODE,
    AGENCY_NAME,
    BATCH,
    DEMO_PASSWORD,
    HR_USERNAME,
    MIN_EMPLOYEES,
    Status,
    chunks,
)
from .people import create_people, give_abilities, hr_officer, plan_people
from .rounds import open_round, previous_half, released_round


@dataclass
class DemoLogins:
    hr: str
    supervisor: str
    employee: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoResult:
    created: bool
    logins: DemoLogins
    counts: dict[str, int] = field(default_factory=dict)


def demo_logins(agency: Agency) -> DemoLogins:
    """HR, the first group head and the first member of staff (by employee number)."""
    in_groups = Employee.objects.filter(agency=agency, unit__kind=OrgUnit.Kind.GROUP)
    boss = in_groups.filter(subordinates__isnull=False).order_by("employee_number").first()
    staff = in_groups.filter(subordinates__isnull=True).order_by("employee_number").first()
    return DemoLogins(hr=HR_USERNAME, supervisor=boss.employee_number,
                      employee=staff.employee_number)


def demo_counts(agency: Agency) -> dict[str, int]:
    forms = Assignment.objects.filter(round__agency=agency)
    return {
        "units": agency.units.count(),
        "employees": agency.employees.count(),
        "rounds": agency.rounds.count(),
        "forms": forms.count(),
        "submitted": forms.filter(status=Status.SUBMITTED).count(),
        "ratings": Rating.objects.filter(assignment__round__agency=agency).count(),
        "comments": AssignmentComment.objects.filter(assignment__round__agency=agency).count(),
    }


def demo_delete() -> bool:
    """Remove the demo agency, its rounds, people and their log-ins."""
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return False
    User = get_user_model()
    usernames = list(agency.employees.values_list("employee_number", flat=True))
    # No audit rows for deleting demo data; ratings go first in one statement each.
    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        Rating.objects.filter(assignment__round__agency=agency).delete()
        AssignmentComment.objects.filter(assignment__round__agency=agency).delete()
        for rnd in agency.rounds.all():
            rnd.delete()
        Employee.objects.filter(agency=agency).update(supervisor=None)
        Employee.objects.filter(agency=agency).delete()
        HrOfficer.objects.filter(agency=agency).delete()
        for kind in (OrgUnit.Kind.GROUP, OrgUnit.Kind.BUREAU, OrgUnit.Kind.DEPARTMENT):
            agency.units.filter(kind=kind).delete()
        agency.delete()
        for chunk in chunks(usernames + [HR_USERNAME], BATCH):
            User.objects.filter(username__in=chunk).delete()
    return True


def seed_demo(*, employees: int = 60, seed: int = 1, reset: bool = False,
              hand_offs: bool = True, today: dt.date | None = None, log=None) -> DemoResult:
    """Create the demo department once; later calls change nothing (unless ``reset``).

    A released round for the previous half (every rater group, some forms
    missing) and an open round for the current half, partly done.

    The round services hand work to Celery on commit (invitations, result
    notices, report rendering). Demo addresses are fake, so e-mail goes to the
    dummy backend while seeding; ``hand_offs=False`` drops those tasks
    altogether, so a 10,000-person seed does not render 10,000 PDFs inline.
    """
    log = log or (lambda msg: None)
    if employees < MIN_EMPLOYEES:
        raise ValueError(f"at least {MIN_EMPLOYEES} employees")
    if reset and demo_delete():
        log("deleted the previous demo agency")
    agency = Agency.objects.filter(code=AGENCY_CODE).first()
    if agency is not None:
        return DemoResult(created=False, logins=demo_logins(agency), counts=demo_counts(agency))

    rng = random.Random(seed)
    today = today or timezone.localdate()
    current = fiscal_half_of(today)
    # One transaction: a failed run leaves nothing behind, so a rerun starts clean.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), \
            transaction.atomic():
        queued = len(transaction.get_connection().run_on_commit)
        agency = Agency.objects.create(code=AGENCY_CODE, name_th=AGENCY_NAME,
                                       name_en="Example Department")
        people = plan_people(agency=agency, employees=employees, rng=rng)
        create_people(agency=agency, people=people, password_hash=make_password(DEMO_PASSWORD))
        hr_officer(agency)
        log(f"{len(people)} employees in {agency.units.count()} units")
        give_abilities(people, rng)
        previous = previous_half(*current)
        released_round(agency=agency, people=people, rng=rng,
                       fiscal_year=previous[0], half=previous[1])
        log("released round done")
        open_round(agency=agency, people=people, rng=rng, fiscal_year=current[0],
                   half=current[1], today=today)
        log("open round done")
        if not hand_offs:
            del transaction.get_connection().run_on_commit[queued:]
    _analyze()
    counter_tables_vacuum()  # the forms written above left their counters' dead versions
    return DemoResult(created=True, logins=demo_logins(agency), counts=demo_counts(agency))


def _analyze() -> None:
    """Refresh PostgreSQL's statistics after a bulk load.

    Until autovacuum gets to it, the planner believes the tables are nearly
    empty and aggregates a whole round with nested loops and on-disk sorts.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Employee, Assignment, Rating, AssignmentComment):
            cursor.execute("ANALYZE " + connection.ops.quote_name(model._meta.db_table))
