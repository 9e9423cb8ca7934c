"""The round counters (assessments.models.counters) agree with a fresh count of
the forms, whatever changes the forms: services, queryset updates,
bulk_create, deletes, a whole round deleted. On PostgreSQL here, and on
SQLite (the embedded default) in a process of its own."""

import os
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import (
    Assignment,
    Participant,
    Round,
    RoundGroupCount,
    RoundParticipantCount,
    RoundRaterCount,
    RoundUnitCount,
)
from assessments.services import assignment_reopen, assignment_save, round_close
from assessments.services.ratings import round_indicator_ids
from competency.templatetags.thai import person_name
from tests.builders import make_team
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def counted(rnd: Round) -> tuple[dict, dict, Counter, int]:
    groups = {
        group: figures for group, *figures in RoundGroupCount.objects.filter(round=rnd)
        .values_list("group", "forms", "active", "submitted", "proposed") if any(figures)
    }
    units = {
        unit: (active, submitted) for unit, active, submitted in RoundUnitCount.objects
        .filter(round=rnd).values_list("unit_id", "active", "submitted") if active or submitted
    }
    raters = Counter({
        rater: n for rater, n in RoundRaterCount.objects.filter(round=rnd)
        .values_list("rater_id", "open_forms") if n
    })
    row = RoundParticipantCount.objects.filter(round=rnd).first()
    return groups, units, raters, row.n if row else 0


def recounted(rnd: Round) -> tuple[dict, dict, Counter, int]:
    forms = Assignment.objects.filter(round=rnd)
    active = Q(status__in=Assignment.ACTIVE_STATUSES)
    groups = {
        group: figures for group, *figures in forms.values_list("group").annotate(
            n=Count("id"), active=Count("id", filter=active),
            submitted=Count("id", filter=Q(status="submitted")),
            proposed=Count("id", filter=Q(status="proposed"))).order_by()
    }
    units = {
        unit: (n, submitted) for unit, n, submitted in forms.filter(active)
        .values_list("participant__unit_id")
        .annotate(n=Count("id"), submitted=Count("id", filter=Q(status="submitted"))).order_by()
    }
    raters = Counter(dict(
        forms.filter(status__in=Assignment.OPEN_STATUSES)
        .values_list("rater_id").annotate(n=Count("id")).order_by()
    ))
    return groups, units, raters, Participant.objects.filter(round=rnd).count()


def test_opening_counts_every_form_and_participant():
    team = make_team(size=3)
    groups, _units, _raters, participants = counted(team.rnd)
    assert counted(team.rnd) == recounted(team.rnd)
    assert participants == 4  # the director and three staff
    assert sum(g[0] for g in groups.values()) == team.rnd.assignments.count() > 0


def test_services_keep_the_counts():
    team = make_team(size=3)
    rnd = team.rnd
    form = rnd.assignments.filter(group="self").select_related("rater").first()
    answers = dict.fromkeys(round_indicator_ids(rnd=rnd), 2)
    assignment_save(assignment=form, rater=form.rater, answers=answers)  # draft
    assert counted(rnd) == recounted(rnd)
    assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)
    assert counted(rnd) == recounted(rnd)
    assert counted(rnd)[0]["self"][2] == 1  # submitted
    assert counted(rnd)[1][form.participant.unit_id][1] == 1
    round_close(rnd=rnd)
    assignment_reopen(assignment=form, by=team.hr, reason="แก้ไขคำตอบ")
    assert counted(rnd) == recounted(rnd)
    assert counted(rnd)[2][form.rater_id] >= 1


def test_bulk_writes_and_deletes_keep_the_counts():
    team = make_team(size=4)
    rnd = team.rnd
    Assignment.objects.filter(round=rnd, group="self").update(status="submitted")
    assert counted(rnd) == recounted(rnd)
    participant = rnd.participants.first()
    extra = [EmployeeFactory(unit=team.unit) for _ in range(2)]
    Assignment.objects.bulk_create([
        Assignment(round=rnd, participant=participant, rater=e, group="peer") for e in extra
    ])
    assert counted(rnd) == recounted(rnd)
    Assignment.objects.filter(rater__in=extra).delete()
    assert counted(rnd) == recounted(rnd)
    Assignment.objects.filter(round=rnd, group="self").update(group="peer")  # odd, but counted
    assert counted(rnd) == recounted(rnd)


def test_a_participant_moved_to_another_unit_takes_its_counts_along():
    from tests.factories import OrgUnitFactory

    team = make_team(size=3)
    rnd = team.rnd
    Assignment.objects.filter(round=rnd, group="self").update(status="submitted")
    other = OrgUnitFactory(agency=team.agency, name_th="กลุ่มงานใหม่")
    moved = rnd.participants.filter(employee=team.staff[0])
    moved.update(unit=other, unit_name=other.name_th)
    assert counted(rnd) == recounted(rnd)
    assert {r.unit_name for r in RoundUnitCount.objects.filter(unit=other)} == {"กลุ่มงานใหม่"}


def test_deleting_a_round_leaves_no_counters():
    team = make_team(size=2)
    pk = team.rnd.pk
    Round.objects.filter(pk=pk).delete()
    assert not RoundGroupCount.objects.filter(round_id=pk).exists()
    assert not RoundUnitCount.objects.filter(round_id=pk).exists()
    assert not RoundRaterCount.objects.filter(round_id=pk).exists()
    assert not RoundParticipantCount.objects.filter(round_id=pk).exists()


STATUSES = [s for s, _label in Assignment.Status.choices]


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.integers(0, 20), st.sampled_from(STATUSES),
                                st.sampled_from(["save", "update", "delete"])),
                      min_size=1, max_size=12))
def test_any_sequence_of_changes_keeps_the_counts(steps):
    team = make_team(size=2)
    rnd = team.rnd
    ids = list(rnd.assignments.order_by("pk").values_list("pk", flat=True))
    for index, status, how in steps:
        pk = ids[index % len(ids)]
        if how == "save":
            form = Assignment.objects.filter(pk=pk).first()
            if form is not None:
                form.status = status
                form.save()
        elif how == "update":
            Assignment.objects.filter(pk=pk).update(status=status)
        else:
            Assignment.objects.filter(pk=pk).delete()
        assert counted(rnd) == recounted(rnd)


SQLITE_SCRIPT = textwrap.dedent("""
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from tests.assessments.test_round_counters import counted, recounted
    from tests.builders import make_team
    from assessments.models import Assignment, Round
    team = make_team(size=3)
    rnd = team.rnd
    assert counted(rnd) == recounted(rnd), "after opening"
    Assignment.objects.filter(round=rnd, group="self").update(status="submitted")
    assert counted(rnd) == recounted(rnd), "after an update"
    form = rnd.assignments.filter(status="pending").first()
    form.status = "draft"
    form.save()
    Assignment.objects.filter(pk=form.pk).delete()
    assert counted(rnd) == recounted(rnd), "after a delete"
    assert counted(rnd)[3] == 4
    from assessments.models import AgencyOrgVersion, Employee
    version = AgencyOrgVersion.objects.get(agency=team.agency).version
    Employee.objects.filter(pk=team.staff[0].pk).update(first_name="x")
    assert AgencyOrgVersion.objects.get(agency=team.agency).version == version
    Employee.objects.filter(pk=team.staff[0].pk).update(supervisor=team.staff[1])
    assert AgencyOrgVersion.objects.get(agency=team.agency).version == version + 1
    from assessments.models import OrgUnit
    unit = OrgUnit.objects.create(agency=team.agency, code="Z1", name_th="อื่น", kind="group")
    rnd.participants.filter(employee=team.staff[0]).update(unit=unit, unit_name="อื่น")
    assert counted(rnd) == recounted(rnd), "after a participant moved"
    Round.objects.filter(pk=rnd.pk).delete()
    print("sqlite counters ok")
""")


def test_the_sqlite_triggers_keep_the_counts(tmp_path):
    """The embedded default runs on SQLite: its triggers are other SQL."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    done = subprocess.run([sys.executable, "-c", SQLITE_SCRIPT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "sqlite counters ok" in done.stdout


def org_version(agency) -> int:
    from assessments.models import AgencyOrgVersion

    row = AgencyOrgVersion.objects.filter(agency=agency).first()
    return row.version if row else 0


def test_the_organisation_version_follows_what_decides_supervision():
    from assessments.models import Employee, OrgUnit

    team = make_team(size=2)
    person = team.staff[0]
    before = org_version(team.agency)
    Employee.objects.filter(pk=person.pk).update(first_name="สมศรี", email="x@example.go.th")
    OrgUnit.objects.filter(pk=team.unit.pk).update(name_th="กลุ่มงานใหม่")
    assert org_version(team.agency) == before  # names and addresses decide nothing
    Employee.objects.filter(pk=person.pk).update(supervisor=team.staff[1])
    assert org_version(team.agency) == before + 1
    person.refresh_from_db()
    person.is_active = False
    person.save()
    assert org_version(team.agency) == before + 2
    other = OrgUnit.objects.create(agency=team.agency, code="X9", name_th="สำนักอื่น",
                                   kind="bureau")
    OrgUnit.objects.filter(pk=team.unit.pk).update(parent=other)
    assert org_version(team.agency) == before + 4  # the new unit, then the new parent


def test_the_dashboard_sees_a_supervisor_changed_behind_the_services_back(client):
    """The changed supervisors are kept per organisation version: a change made by
    a bare queryset update (no signal, no service) still shows at once."""
    from django.urls import reverse

    from assessments.models import Employee

    team = make_team(size=2)
    client.force_login(team.hr)
    url = reverse("hr:round_dashboard", args=[team.rnd.pk])
    assert 'id="changed-raters"' not in client.get(url).content.decode()
    new_boss = EmployeeFactory(agency=team.agency, unit=team.unit)
    Employee.objects.filter(pk=team.staff[0].pk).update(supervisor=new_boss)
    page = client.get(url).content.decode()
    assert 'id="changed-raters"' in page
    assert person_name(new_boss.full_name) in page
