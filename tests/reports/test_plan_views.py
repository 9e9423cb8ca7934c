"""The plan pages: the person fills in, the supervisor agrees, a change reopens,
bad input is a Thai message on the field (never a 500), outsiders get 404."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from competency.models import Indicator
from reports.models import DevelopmentPlan, DevelopmentPlanItem, ReportSnapshot
from reports.services import round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def released():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    return r


def _ind(r, level, order) -> Indicator:
    return Indicator.objects.get(level__competency=r.team.competency, level__number=level,
                                 order=order)


def _data(r, **fields) -> dict:
    return {"indicator": _ind(r, 2, 1).pk, "kind": "training",
            "detail": "หลักสูตรการบริการที่เป็นเลิศ", "starts_on": "01/04/2569",
            "ends_on": "30/06/2569", "status": "planned"} | fields


def _url(name, r, **kwargs):
    return reverse(f"reports:{name}", kwargs={"participant_pk": r.ratee.pk, **kwargs})


def test_person_adds_supervisor_agrees_person_edits_and_agreement_reopens(
        released, django_capture_on_commit_callbacks):
    r = released
    person, boss = _client(r.ratee.employee.user), _client(r.team.boss.user)
    page = person.get(_url("participant_plan", r)).content.decode()
    # The report's suggestions come first in the choice of indicators.
    assert "แนะนำให้พัฒนาจากผลการประเมิน" in page
    assert "ยังไม่มีรายการในแผนพัฒนา" in page
    assert "เห็นชอบแผนพัฒนา</button>" not in page  # the person cannot agree
    response = person.post(_url("participant_plan_add", r), _data(r))
    assert response.status_code == 302
    item = DevelopmentPlanItem.objects.get()
    assert (item.starts_on.isoformat(), item.ends_on.isoformat()) == ("2026-04-01", "2026-06-30")
    page = boss.get(_url("participant_plan", r)).content.decode()
    assert "1 เม.ย. 2569 – 30 มิ.ย. 2569" in page and "รอผู้บังคับบัญชาเห็นชอบ" in page
    assert "เห็นชอบแผนพัฒนา</button>" in page
    # The person may not agree (404, as for anything they may not do).
    assert person.post(_url("participant_plan_agree", r)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):  # the render, eager here
        assert boss.post(_url("participant_plan_agree", r)).status_code == 302
    plan = DevelopmentPlan.objects.get()
    assert plan.is_agreed
    page = person.get(_url("participant_plan", r)).content.decode()
    assert "ผู้บังคับบัญชาเห็นชอบแผนพัฒนานี้แล้ว" in page
    # The agreed plan is in the report the PDF prints (rendered by the worker: eager here).
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert snap.plan_hash and snap.pdf_plan_hash == snap.plan_hash and snap.pdf_ready
    edit = _url("participant_plan_item", r, item_pk=item.pk)
    form = person.get(edit).content.decode()
    assert 'value="01/04/2569"' in form and "ต้องให้ผู้บังคับบัญชาเห็นชอบอีกครั้ง" in form
    assert person.post(edit, _data(r, status="in_progress")).status_code == 302
    plan.refresh_from_db()
    assert not plan.is_agreed and plan.reopened
    page = person.get(_url("participant_plan", r)).content.decode()
    assert "รอผู้บังคับบัญชาเห็นชอบอีกครั้ง" in page and "อยู่ระหว่างดำเนินการ" in page


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"starts_on": "30/06/2569", "ends_on": "01/04/2569"}, "ends_on",
     "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"),
    ({"starts_on": "01/04/2026"}, "starts_on", "ปี 2026 เป็นปีคริสต์ศักราช"),
    ({"kind": "other", "detail": ""}, "detail", "โปรดระบุวิธีการพัฒนาเมื่อเลือก “อื่น ๆ”"),
    ({"detail": "ก" * 301}, "detail", "รายละเอียดยาวได้ไม่เกิน 300 ตัวอักษร (ที่กรอกมี 301)"),
    ({"detail": "a\x00b"}, "detail", "รายละเอียดมีอักขระที่ใช้ไม่ได้"),
    ({"indicator": "2147483648"}, "indicator", "เลือกพฤติกรรมบ่งชี้จากรายการ"),
    ({"indicator": ""}, "indicator", "เลือกพฤติกรรมบ่งชี้จากรายการ"),
    ({"kind": "party"}, "kind", "โปรดเลือกจากรายการ"),
    ({"starts_on": "31/02/2569"}, "starts_on", "ไม่มีวันที่ 31 ในเดือนกุมภาพันธ์ พ.ศ. 2569"),
    # Empty dates read Django's "ฟิลด์นี้จำเป็น" (issue 16 QA).
    ({"starts_on": ""}, "starts_on", "โปรดกรอกวันเริ่มต้น"),
    ({"ends_on": ""}, "ends_on", "โปรดกรอกวันสิ้นสุด"),
])
def test_bad_input_is_a_message_on_its_field(released, fields, field, message):
    r = released
    client = _client(r.ratee.employee.user)
    response = client.post(_url("participant_plan_add", r), _data(r, **fields))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not DevelopmentPlanItem.objects.exists()


def test_an_indicator_outside_the_round_and_a_duplicate_are_refused(released):
    from tests.factories import CompetencyFactory

    r = released
    client = _client(r.ratee.employee.user)
    other = Indicator.objects.filter(level__competency=CompetencyFactory()).first()
    response = client.post(_url("participant_plan_add", r), _data(r, indicator=other.pk))
    assert response.status_code == 200 and "indicator" in response.context["form"].errors
    assert client.post(_url("participant_plan_add", r), _data(r)).status_code == 302
    response = client.post(_url("participant_plan_add", r), _data(r, kind="coaching"))
    assert response.context["form"].errors["indicator"] == [
        "พฤติกรรมนี้อยู่ในแผนพัฒนาแล้ว แก้ไขรายการเดิมแทน"]


def test_outsiders_and_hr_get_404_and_an_item_of_another_plan_is_404(released):
    r = released
    person = _client(r.ratee.employee.user)
    person.post(_url("participant_plan_add", r), _data(r))
    item = DevelopmentPlanItem.objects.get()
    for user in (r.team.hr, r.team.staff[2].user):
        client = _client(user)
        assert client.get(_url("participant_plan", r)).status_code == 404
        assert client.get(_url("participant_plan_item", r, item_pk=item.pk)).status_code == 404
    # The other staff member reaches their own plan, not this item through it.
    other = _client(r.small.employee.user)
    url = reverse("reports:participant_plan_item",
                  kwargs={"participant_pk": r.small.pk, "item_pk": item.pk})
    assert other.get(url).status_code == 404
    assert other.post(reverse("reports:participant_plan_item_delete", kwargs={
        "participant_pk": r.small.pk, "item_pk": item.pk})).status_code == 404
    assert DevelopmentPlanItem.objects.filter(pk=item.pk).exists()


def test_report_page_links_to_the_plan_for_the_person_and_supervisor_only(released):
    r = released
    report = _url("participant_report", r)
    plan = _url("participant_plan", r)
    assert plan in _client(r.ratee.employee.user).get(report).content.decode()
    assert plan in _client(r.team.boss.user).get(report).content.decode()
    assert plan not in _client(r.team.hr).get(report).content.decode()


def test_my_data_download_holds_my_plan_and_nobody_elses(released):
    import io
    import json

    import openpyxl

    r = released
    person = _client(r.ratee.employee.user)
    person.post(_url("participant_plan_add", r), _data(r))
    data = json.loads(person.get(reverse("my_data")).content)
    assert data["development_plans"] == [{
        "round": "รอบทดสอบ", "indicator": "102-2.1", "text": _ind(r, 2, 1).text_th,
        "kind": "การฝึกอบรม", "detail": "หลักสูตรการบริการที่เป็นเลิศ",
        "starts_on": "2026-04-01", "ends_on": "2026-06-30", "status": "ยังไม่เริ่ม",
        "agreed": False}]
    sheet = openpyxl.load_workbook(io.BytesIO(person.get(reverse("my_data_xlsx")).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["แผนพัฒนารายบุคคล รอบทดสอบ", f"102-2.1 {_ind(r, 2, 1).text_th}",
            "การฝึกอบรม: หลักสูตรการบริการที่เป็นเลิศ · 1 เม.ย. 2569 – 30 มิ.ย. 2569 · ยังไม่เริ่ม"
            ] in rows
    other = json.loads(_client(r.small.employee.user).get(reverse("my_data")).content)
    assert other["development_plans"] == []


def test_an_empty_form_says_what_each_field_needs_in_thai(released):
    r = released
    client = _client(r.ratee.employee.user)
    response = client.post(_url("participant_plan_add", r), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"indicator", "kind", "starts_on", "ends_on", "status"}
    assert errors["starts_on"] == ["โปรดกรอกวันเริ่มต้น"]
    assert errors["ends_on"] == ["โปรดกรอกวันสิ้นสุด"]
    assert "ฟิลด์นี้จำเป็น" not in response.content.decode()
    assert not DevelopmentPlanItem.objects.exists()


def _item_buttons(page: str) -> list[str]:
    items = page[page.index('class="list-unstyled plan-items'):]
    items = items[:items.index("</ul>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in
            re.findall(r"<(?:a|button) class=\"btn[^\"]*\"[^>]*>(.*?)</(?:a|button)>", items,
                       re.S)]


def test_item_buttons_read_edit_and_delete_in_english(released):
    """The buttons shared their msgids with the audit log's past tense: in English
    they read "Updated" and "Deleted"."""
    r = released
    client = _client(r.ratee.employee.user)
    client.post(_url("participant_plan_add", r), _data(r))
    client.cookies["django_language"] = "en"
    assert _item_buttons(client.get(_url("participant_plan", r)).content.decode()) == [
        "Edit 2.1", "Delete 2.1"]
    client.cookies["django_language"] = "th"
    assert _item_buttons(client.get(_url("participant_plan", r)).content.decode()) == [
        "แก้ไข 2.1", "ลบ 2.1"]
