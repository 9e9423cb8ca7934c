import json

import pytest
from django.urls import reverse

from assessments.models import Assignment
from assessments.services import assignment_save
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def test_privacy_notice_is_public_and_thai(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล" in response.content.decode()


def test_my_data_holds_my_own_answers_and_nobody_elses(client):
    team = make_team(size=3)
    me = team.staff[0]
    ids = round_indicator_ids(rnd=team.rnd)
    form = Assignment.objects.get(rater=me, group="self")
    assignment_save(assignment=form, rater=me, answers={ids[0]: 3}, comments={
        team.competency.pk: "ตั้งใจบริการ"})
    # Someone else rated me: their answers must not appear in my export.
    boss_form = Assignment.objects.get(rater=team.boss, participant__employee=me)
    assignment_save(assignment=boss_form, rater=team.boss, answers={ids[0]: 0})
    client.force_login(me.user)
    response = client.get(reverse("my_data"))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["employee"]["employee_number"] == me.employee_number
    mine = [f for f in data["forms_filled_in"] if f["relation"] == "self"]
    assert mine[0]["answers"] == {"102-1.1": 3}
    assert mine[0]["comments"] == {"102": "ตั้งใจบริการ"}
    assert all(f["ratee"] != me.full_name or f["relation"] == "self"
               for f in data["forms_filled_in"])
    assert '"supervisor"' not in json.dumps(data["forms_filled_in"])
