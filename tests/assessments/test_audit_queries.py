"""The audit page reads a constant number of queries, whatever the rows it shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AccountEvent, Assignment, AssignmentReopening, OrgUnit
from tests.builders import make_team
from tests.factories import EmployeeFactory, HrOfficerFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

SIZES = (5, 40)
# The session, the user, the agencies and the menu, then the page's count and rows,
# the previous history rows and one name look-up per related model (people: 12).
BUDGET = 12


def change_rounds(team, n):
    for i in range(n):
        team.rnd.name_th = f"รอบทดสอบ {i}"
        team.rnd.deadline += dt.timedelta(days=1)
        team.rnd.save()


def change_forms(team, n):
    """Opening a round writes no history (bulk insert): a draft, then a new rater
    and the submission, for ``n`` self forms."""
    raters = [EmployeeFactory(unit=team.unit) for _ in range(2)]
    for i, form in enumerate(Assignment.objects.filter(round=team.rnd, group="self")[:n]):
        form.status = Assignment.Status.DRAFT
        form.save()
        form.rater = raters[i % 2]
        form.status = Assignment.Status.SUBMITTED
        form.save()


def change_people(team, n):
    other_unit = OrgUnitFactory(agency=team.agency)
    for i in range(n):
        person = team.staff[i % len(team.staff)]
        if i % 2:
            person.unit = other_unit if person.unit_id == team.unit.pk else team.unit
        else:
            person.supervisor = team.staff[(i + 1) % len(team.staff)]
        person.save()


def add_reopenings(team, n):
    forms = list(Assignment.objects.filter(round=team.rnd)[:n])
    for i in range(n):
        AssignmentReopening.objects.create(assignment=forms[i % len(forms)], by=team.hr,
                                     reason=f"เหตุผล {i}")


def add_roles(team, n):
    for _ in range(n):
        HrOfficerFactory(agency=team.agency)


def add_account_events(team, n):
    for i in range(n):
        AccountEvent.objects.create(agency=team.agency, employee=team.staff[i % len(team.staff)],
                                    kind=AccountEvent.Kind.UNLOCKED, by=team.hr)


CHANGES = {"rounds": change_rounds, "forms": change_forms, "people": change_people,
           "reopenings": add_reopenings, "roles": add_roles, "accounts": add_account_events}


def audit_page_queries(client, kind, size):
    team = make_team(size=size)
    CHANGES[kind](team, size)
    client.force_login(team.hr)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("audit"), {"kind": kind})
    assert response.status_code == 200
    rows = response.content.decode().count("<tr>") - 1  # less the header
    assert rows >= size
    return len(queries)


@pytest.mark.parametrize("kind", CHANGES)
def test_audit_page_queries_do_not_grow_with_rows(client, kind):
    counts = [audit_page_queries(client, kind, size) for size in SIZES]
    assert counts[0] == counts[1], counts
    assert counts[1] <= BUDGET, counts


def test_audit_page_shows_changed_names_and_labels(client):
    team = make_team(size=3)
    first, second, third = team.staff
    first.supervisor = second
    first.save()
    moved_to = OrgUnitFactory(agency=team.agency, name_th="กองใหม่")
    second.unit = moved_to
    second.save()
    form = Assignment.objects.get(round=team.rnd, rater=third, group="self")
    form.save()
    form.rater = first
    form.status = Assignment.Status.SUBMITTED
    form.save()
    client.force_login(team.hr)
    people = client.get(reverse("audit"), {"kind": "people"}).content.decode()
    assert f"{team.boss.full_name} → {second.full_name}" in people
    assert f"{team.unit.name_th} → กองใหม่" in people
    assert OrgUnit.objects.filter(name_th="กองใหม่").count() == 1
    forms = client.get(reverse("audit"), {"kind": "forms"}).content.decode()
    assert f"{third.full_name} → {first.full_name}" in forms
    assert "ยังไม่เริ่ม → ส่งแล้ว" in forms
    assert f"{first.full_name} -&gt; {third.full_name}" in forms  # the form, as it is now


def test_a_form_whose_participant_is_gone_is_named_by_its_id(client):
    team = make_team(size=2)
    form = Assignment.objects.filter(round=team.rnd, group="self").first()
    form.status = Assignment.Status.DRAFT
    form.save()
    form.participant.delete()  # the form goes with it; its history stays
    client.force_login(team.hr)
    response = client.get(reverse("audit"), {"kind": "forms"})
    assert response.status_code == 200
    assert f"#{form.pk}" in response.content.decode()
