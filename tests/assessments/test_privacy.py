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


def test_my_data_has_my_released_results_and_acknowledgements_also_as_thai_xlsx(client):
    import io

    import openpyxl

    from reports.models import ReportSnapshot
    from reports.services import report_acknowledge, round_snapshots_update
    from tests.assessments.test_personal_data import released_team

    team = released_team()
    round_snapshots_update(rnd=team.rnd)
    me = team.staff[0]
    me.position_name = '=HYPERLINK("http://x","y")'  # must stay text in the XLSX
    me.save()
    snap = ReportSnapshot.objects.get(participant__employee=me)
    report_acknowledge(snapshot=snap, user=me.user)
    client.force_login(me.user)
    data = json.loads(client.get(reverse("my_data")).content)
    [result] = data["released_results"]
    comp = snap.data["competencies"][0]
    assert result["competencies"][0]["shown_level"] == comp["shown_level"]
    assert result["competencies"][0]["gap_points"] == comp["gap_points"]
    assert result["competencies"][0]["level_scores"]["1"] == comp["levels"][0]["score"]
    assert data["acknowledgements"][0]["of_current_version"] is True

    response = client.get(reverse("my_data_xlsx"))
    assert response.status_code == 200 and "my-data-" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["หมวด", "รายการ", "ข้อมูล"]
    items = {(r[0], r[1]): r[2] for r in rows[1:]}
    section = f"ผลการประเมิน {team.rnd.name_th}"
    assert items[(section, f"{comp['code']} {comp['name']} — ระดับที่แสดง")] == comp["shown_level"]
    assert any(r[0] == "การรับทราบผล" for r in rows)
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == me.position_name)
    assert cell.data_type == "s"  # text, not a live formula
