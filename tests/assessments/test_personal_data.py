"""PDPA: a former employee's personal data is removed after the retention
period; their ratings stay, anonymised, so past rounds add up the same."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment, Employee, PersonalDataRemoval, Rating, Round
from assessments.selectors import round_results
from assessments.services import assignment_save, round_close, round_release
from assessments.services.personal_data import employee_anonymise
from assessments.services.ratings import round_indicator_ids
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from tests.builders import make_team
from tests.factories import HrOfficerFactory

pytestmark = pytest.mark.django_db


def released_team(*, years_ago: int = 0):
    team = make_team(size=3)
    ids = round_indicator_ids(rnd=team.rnd)
    for form in Assignment.objects.filter(round=team.rnd):
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2),
                  comments={team.competency.pk: "ความเห็น"}, submit=True)
    round_close(rnd=team.rnd)
    round_release(rnd=team.rnd)
    if years_ago:
        Round.objects.filter(pk=team.rnd.pk).update(
            released_at=timezone.now() - dt.timedelta(days=365 * years_ago + 5),
            closed_at=timezone.now() - dt.timedelta(days=365 * years_ago + 6),
        )
    return team


def leave(employee: Employee) -> Employee:
    employee.is_active = False
    employee.email = "somchai@example.go.th"
    employee.save()
    return employee


def figures(rnd):
    return {pid: {c: (r.shown_level, dict(r.level_scores)) for c, r in res.results.items()}
            for pid, res in round_results(rnd=rnd).items()}


def test_active_employee_is_refused_in_thai():
    team = released_team(years_ago=11)
    with pytest.raises(ValidationError) as exc:
        employee_anonymise(employee=team.staff[0], by=team.hr)
    assert "ยังปฏิบัติงานอยู่" in exc.value.messages[0]
    assert not PersonalDataRemoval.objects.exists()


def test_refused_before_the_retention_period_passed():
    team = released_team()
    person = leave(team.staff[0])
    with pytest.raises(ValidationError) as exc:
        employee_anonymise(employee=person, by=team.hr)
    assert "ยังไม่พ้นระยะเวลาเก็บรักษาข้อมูล 10 ปี" in exc.value.messages[0]
    # The agency's own period counts: a shorter one, and a date past it, allow it.
    team.agency.personal_data_retention_years = 1
    team.agency.save()
    person.refresh_from_db()
    later = timezone.localdate() + dt.timedelta(days=367)
    employee_anonymise(employee=person, by=team.hr, today=later)
    assert PersonalDataRemoval.objects.filter(employee=person).exists()


def test_anonymise_removes_personal_data_and_keeps_the_figures():
    team = released_team(years_ago=11)
    person = leave(team.staff[0])
    old_first, old_number = person.first_name, person.employee_number
    user = person.user
    round_snapshots_update(rnd=team.rnd)
    before_figures = figures(team.rnd)
    before_ratings = Rating.objects.count()

    employee_anonymise(employee=person, by=team.hr)

    person.refresh_from_db()
    assert person.full_name == f"ผู้ใช้ที่ถูกลบข้อมูล #{person.pk}"
    assert person.email == "" and person.user is None
    assert old_number not in person.employee_number
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()
    assert user.username == f"deleted-{user.pk}"
    # The history keeps no earlier name, e-mail or number.
    history = list(Employee.history.filter(id=person.pk).values(
        "first_name", "last_name", "email", "employee_number"))
    assert len(history) >= 3
    assert old_first not in json.dumps(history, ensure_ascii=False)
    assert "example.go.th" not in json.dumps(history)
    assert old_number not in json.dumps(history)
    # Ratings stay, and so does every figure of the past round.
    assert Rating.objects.count() == before_ratings
    assert figures(team.rnd) == before_figures
    snap = ReportSnapshot.objects.get(participant__employee=person)
    assert snap.data["person"]["name"] == person.full_name
    assert old_first not in json.dumps(snap.data, ensure_ascii=False)
    removal = PersonalDataRemoval.objects.get(employee=person)
    assert removal.by == team.hr and removal.last_round_on is not None
    # A second time is refused.
    with pytest.raises(ValidationError):
        employee_anonymise(employee=person, by=team.hr)


def test_former_supervisor_name_leaves_their_staffs_reports():
    team = released_team(years_ago=11)
    round_snapshots_update(rnd=team.rnd)
    boss = leave(team.boss)
    old_first = boss.first_name
    employee_anonymise(employee=boss, by=team.hr)
    for snap in ReportSnapshot.objects.filter(participant__supervisor=boss):
        assert old_first not in json.dumps(snap.data, ensure_ascii=False)


def test_hr_page_for_one_person(client):
    team = released_team(years_ago=11)
    person = leave(team.staff[0])
    url = reverse("hr:personal_data_person", kwargs={"employee_id": person.pk})
    outsider = HrOfficerFactory().user
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not PersonalDataRemoval.objects.exists()

    client.force_login(team.hr)
    listing = client.get(reverse("hr:personal_data_list", kwargs={"agency": team.agency.code}))
    assert person.first_name in listing.content.decode()
    page = client.get(url).content.decode()
    assert "ยืนยันการลบข้อมูลส่วนบุคคล" in page
    response = client.post(url, follow=True)
    assert "ลบข้อมูลส่วนบุคคลแล้ว" in response.content.decode()
    assert PersonalDataRemoval.objects.filter(employee=person, by=team.hr).exists()


def test_hr_page_shows_the_refusal_for_an_active_employee(client):
    team = released_team(years_ago=11)
    client.force_login(team.hr)
    url = reverse("hr:personal_data_person", kwargs={"employee_id": team.staff[0].pk})
    assert "ยังปฏิบัติงานอยู่" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "ยังปฏิบัติงานอยู่" in response.content.decode()
    assert not PersonalDataRemoval.objects.exists()


def test_purge_command_dry_run_then_batch():
    team = released_team(years_ago=11)
    gone = leave(team.staff[0])
    leave(team.staff[1])
    Employee.objects.filter(pk=team.staff[1].pk).update(is_active=True)  # came back
    other = released_team(years_ago=11)
    other_gone = leave(other.staff[0])

    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert f"#{gone.pk}" in out.getvalue() and f"#{other_gone.pk}" in out.getvalue()
    assert not PersonalDataRemoval.objects.exists()

    out = StringIO()
    call_command("purge_personal_data", "--agency", team.agency.code, stdout=out)
    assert list(PersonalDataRemoval.objects.values_list("employee_id", flat=True)) == [gone.pk]
    assert "anonymised 1" in out.getvalue()


def test_purge_command_skips_people_within_the_period():
    team = released_team()
    leave(team.staff[0])
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert not PersonalDataRemoval.objects.exists()
    assert "anonymised 0" in out.getvalue()
