"""HR's summary of the plans by unit (page and XLSX), counted by hand below.

Unit A: the director and three staff (4 people). Staff 0 plans training (2.1)
and coaching (3.2, done), agreed; staff 1 plans training (2.1), not agreed.
Unit B: a director and one member (2 people), who plans self-study (1.1)
and "other" (a study visit, its text shaped like a formula), agreed.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Participant
from assessments.services import assignment_save, round_close, round_open, round_release
from assessments.services.ratings import round_indicator_ids
from competency.models import Indicator
from reports.plans.services import plan_agree, plan_item_add, plan_item_update
from reports.plans.summary import round_plan_summary
from reports.services import round_snapshots_update
from tests.builders import make_team
from tests.factories import EmployeeFactory, OrgUnitFactory
from tests.reports.test_export_formulas import HYPERLINK, _xlsx_strings

pytestmark = pytest.mark.django_db

PERIOD = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2026, 6, 30)}


@pytest.fixture
def planned():
    team = make_team(size=3, open_round=False)
    team.unit.name_th = "กลุ่มงาน ก"
    team.unit.save()
    unit_b = OrgUnitFactory(agency=team.agency, name_th="กลุ่มงาน ข")
    boss_b = EmployeeFactory(unit=unit_b, position_type="director", position_level="primary")
    member = EmployeeFactory(unit=unit_b, supervisor=boss_b)
    rnd = round_open(rnd=team.rnd)
    answers = dict.fromkeys(round_indicator_ids(rnd=rnd), 2)
    for form in Assignment.objects.filter(round=rnd):
        assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)
    round_close(rnd=rnd)
    rnd = round_release(rnd=rnd)
    round_snapshots_update(rnd=rnd)

    def ind(level, order):
        return Indicator.objects.get(level__competency=team.competency, level__number=level,
                                     order=order)

    def person(employee):
        return Participant.objects.get(round=rnd, employee=employee)

    first, second, b = person(team.staff[0]), person(team.staff[1]), person(member)
    plan_item_add(participant=first, by=first.employee.user, indicator=ind(2, 1),
                  kind="training", **PERIOD)
    coaching = plan_item_add(participant=first, by=first.employee.user, indicator=ind(3, 2),
                             kind="coaching", **PERIOD)
    plan_agree(participant=first, by=team.boss.user)
    plan_item_update(item=coaching, by=team.boss.user, indicator=coaching.indicator,
                     kind="coaching", detail="", status="done", **PERIOD)
    plan_agree(participant=first, by=team.boss.user)
    plan_item_add(participant=second, by=second.employee.user, indicator=ind(2, 1),
                  kind="training", **PERIOD)
    plan_item_add(participant=b, by=member.user, indicator=ind(1, 1), kind="self_study",
                  **PERIOD)
    plan_item_add(participant=b, by=member.user, indicator=ind(1, 2), kind="other",
                  detail=HYPERLINK, **PERIOD)
    plan_agree(participant=b, by=boss_b.user)
    return team, rnd


def _row(r):
    return (r.unit, r.people, r.with_plan, r.agreed, r.items, r.kind_counts, r.done)


def test_counts_by_unit_and_in_total(planned, django_assert_max_num_queries):
    _team, rnd = planned
    # kinds: training, on the job, coaching, self-study, other
    with django_assert_max_num_queries(4):
        rows, total = round_plan_summary(rnd=rnd)
    assert [_row(r) for r in rows] == [
        ("กลุ่มงาน ก", 4, 2, 1, 3, [2, 0, 1, 0, 0], 1),
        ("กลุ่มงาน ข", 2, 1, 1, 2, [0, 0, 0, 1, 1], 0),
    ]
    assert _row(total) == ("ทั้งส่วนราชการ", 6, 3, 2, 5, [2, 0, 1, 1, 1], 1)


def test_page_and_xlsx_for_hr_with_no_live_formula(planned):
    team, rnd = planned
    client = Client()
    client.force_login(team.hr)
    page = client.get(reverse("reports:round_plans", kwargs={"round_pk": rnd.pk}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "กลุ่มงาน ข" in body and "มีแผนพัฒนา 3 คน" in body
    response = client.get(reverse("reports:round_plans_export", kwargs={"round_pk": rnd.pk}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = response.content
    strings = _xlsx_strings(content)  # fails on any formula cell
    assert HYPERLINK in strings
    book = openpyxl.load_workbook(io.BytesIO(content))
    summary, items = book.worksheets
    assert [c.value for c in next(summary.iter_rows(min_row=4, max_row=4))] == [
        "ทั้งส่วนราชการ", None, 6, 3, 2, 5, 2, 0, 1, 1, 1, 1]
    rows = [[c.value for c in row] for row in items.iter_rows(min_row=2)]
    assert len(rows) == 5
    other = next(r for r in rows if r[6] == "อื่น ๆ")
    assert other[7] == HYPERLINK and other[8:] == ["01/04/2569", "30/06/2569", "ยังไม่เริ่ม",
                                                  "ใช่"]
    cell = next(c for row in items.iter_rows() for c in row if c.value == HYPERLINK)
    assert cell.data_type == "s" and cell.quotePrefix


def test_phone_line_carries_the_columns_a_phone_hides(planned):
    """On a phone the item columns are hidden (the table fitted only by scrolling
    sideways); each unit and the total then carry the same figures on a line under
    the unit's name, the kinds chosen by their short names (the browser walk measures
    the width, tests/e2e/test_plan_walk.py)."""
    team, rnd = planned
    client = Client()
    client.force_login(team.hr)
    body = client.get(reverse("reports:round_plans", kwargs={"round_pk": rnd.pk})).content.decode()
    lines = [" ".join(re.sub(r"<[^>]+>", " ", m).split())
             for m in re.findall(r'<span class="d-block d-sm-none[^"]*">(.*?)</span>\s*</th>', body,
                                 re.S)]
    assert lines == [
        "รายการพัฒนา 3 · ฝึกอบรม 2 · สอนงาน 1 · ดำเนินการแล้วเสร็จ 1",
        "รายการพัฒนา 2 · ศึกษาด้วยตนเอง 1 · อื่น ๆ 1 · ดำเนินการแล้วเสร็จ 0",
        "รายการพัฒนา 5 · ฝึกอบรม 2 · สอนงาน 1 · ศึกษาด้วยตนเอง 1 · อื่น ๆ 1 · ดำเนินการแล้วเสร็จ 1",
    ]
    head = body[body.index("<thead>"):body.index("</thead>")]
    assert head.count("d-none d-sm-table-cell") == 7  # items, the five kinds, done
