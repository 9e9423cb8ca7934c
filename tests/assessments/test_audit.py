import pytest
from django.urls import reverse

from assessments.models import Assignment
from assessments.services import assignment_reopen, assignment_save, round_close
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team
from tests.factories import HrOfficerFactory

pytestmark = pytest.mark.django_db


def test_hr_reads_round_state_changes_reopenings_and_supervisor_changes(client):
    team = make_team(size=2)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    assignment_save(assignment=form, rater=me,
              answers=dict.fromkeys(round_indicator_ids(rnd=team.rnd), 2), submit=True)
    round_close(rnd=team.rnd)
    assignment_reopen(assignment=form, by=team.hr, reason="ส่งผิดคน")
    me.supervisor = team.staff[1]
    me.save()
    client.force_login(team.hr)
    rounds = client.get(reverse("audit"), {"kind": "rounds"}).content.decode()
    assert "ปิดประเมิน" in rounds  # the state change, with its label
    reopen = client.get(reverse("audit"), {"kind": "reopenings"}).content.decode()
    assert "ส่งผิดคน" in reopen
    people = client.get(reverse("audit"), {"kind": "people"}).content.decode()
    assert team.staff[1].full_name in people
    forms = client.get(reverse("audit"), {"kind": "forms"}).content.decode()
    assert "ส่งแล้ว" in forms or "submitted" in forms


def test_hr_of_another_agency_sees_nothing_of_this_one(client):
    team = make_team(size=1)
    round_close(rnd=team.rnd)
    other = HrOfficerFactory().user
    client.force_login(other)
    page = client.get(reverse("audit"), {"kind": "rounds", "agency": team.agency.pk})
    assert team.rnd.name_th not in page.content.decode()
    assert client.get(reverse("audit"), {"kind": "nonsense"}).status_code == 404
