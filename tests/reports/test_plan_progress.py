"""The next round follows up the previous round's agreed plan, item by item.

Every rater gives the same answer to an indicator, so its figure is that
answer: the expected figures below are read off the two answer plans.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessments.models import Participant
from competency.models import Competency, Indicator
from reports.models import ReportSnapshot
from reports.plans.services import plan_agree, plan_item_add, plan_item_update
from reports.render import report_html
from reports.services import report_render
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.pdftext import pypdf_text

pytestmark = pytest.mark.django_db

EXPECTED = {"102": 3, "101": 3, "105": 3}
FIRST = {
    "102": {1: 3, 2: 3, (3, 1): 3, (3, 2): 0, (3, 3): 0},
    "101": shown_up_to(1),
    "105": shown_up_to(2),
}
# 3.2: 0 -> 3 (improved, passes); 3.3: 0 -> 1 (improved, still short);
# 2.1: 3 -> 3 (same); 101's 1.1: 3 -> 2 (lower, still passes the 2.0 mark).
SECOND = {
    "102": {1: 3, 2: 3, (3, 1): 3, (3, 2): 3, (3, 3): 1},
    "101": {(1, 1): 2, (1, 2): 3},
}


def _ind(code: str, level: int, order: int) -> Indicator:
    return Indicator.objects.get(level__competency__code=code, level__competency__version=1,
                                 level__number=level, order=order)


def _snapshot(rnd, employee) -> ReportSnapshot:
    return ReportSnapshot.objects.get(participant=Participant.objects.get(round=rnd,
                                                                          employee=employee))


def _plan(team, *, agree: bool = True):
    """staff[0]'s plan in round 1: four items over 102 and 101, one over 105."""
    person = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    by = team.staff[0].user
    period = {"starts_on": dt.date(2026, 4, 1), "ends_on": dt.date(2026, 9, 30)}
    items = [
        plan_item_add(participant=person, by=by, indicator=_ind("102", 3, 2), kind="training",
                      detail="หลักสูตรการสื่อสารกับผู้รับบริการ", **period),
        plan_item_add(participant=person, by=by, indicator=_ind("102", 3, 3), kind="coaching",
                      **period),
        plan_item_add(participant=person, by=by, indicator=_ind("102", 2, 1), kind="self_study",
                      status="done", **period),
        plan_item_add(participant=person, by=by, indicator=_ind("101", 1, 1), kind="on_the_job",
                      **period),
        plan_item_add(participant=person, by=by, indicator=_ind("105", 1, 1), kind="training",
                      **period),
    ]
    if agree:
        plan_agree(participant=person, by=team.boss.user)
    return person, items


def _second(team):
    return next_round(team=team, plan=SECOND, expected=EXPECTED,
                      competencies=[Competency.objects.get(code="102"),
                                    Competency.objects.get(code="101")])


def test_each_agreed_item_beside_its_figures_then_and_now():
    team = multi_round(plan=FIRST, expected=EXPECTED)
    _plan(team)
    second = _second(team)
    comps = {c["code"]: c for c in _snapshot(second, team.staff[0]).data["competencies"]}
    followed = comps["102"]["previous"]["plan"]
    rows = [(r["code"], r["kind"], r["status"], r["before"], r["now"], r["change"], r["passed"])
            for r in followed["items"]]
    assert rows == [
        ("2.1", "self_study", "done", 3.0, 3.0, "same", True),
        ("3.2", "training", "planned", 0.0, 3.0, "improved", True),
        ("3.3", "coaching", "planned", 0.0, 1.0, "improved", False),
    ]
    assert followed["items"][1]["detail"] == "หลักสูตรการสื่อสารกับผู้รับบริการ"
    assert [(r["code"], r["before"], r["now"], r["change"], r["passed"])
            for r in comps["101"]["previous"]["plan"]["items"]] == [
        ("1.1", 3.0, 2.0, "lower", True)]
    # 105 is not in round 2: its item is followed up nowhere.
    assert set(comps) == {"102", "101"}
    # Someone without a plan has no plan entry (their data, and hash, as before).
    other = _snapshot(second, team.staff[1]).data["competencies"][0]["previous"]
    assert other is not None and "plan" not in other


def test_only_the_agreed_version_is_followed_up():
    team = multi_round(plan=FIRST, expected=EXPECTED)
    person, items = _plan(team)
    # Changed after agreement, never agreed again: the agreed version counts.
    item = items[1]
    plan_item_update(item=item, by=team.staff[0].user, indicator=item.indicator,
                     kind="other", detail="ยังไม่เห็นชอบ", starts_on=item.starts_on,
                     ends_on=item.ends_on, status="done")
    second = _second(team)
    rows = _snapshot(second, team.staff[0]).data["competencies"][0]["previous"]["plan"]["items"]
    assert [(r["code"], r["kind"], r["status"]) for r in rows][2] == ("3.3", "coaching",
                                                                       "planned")


def test_a_plan_never_agreed_is_not_followed_up():
    team = multi_round(plan=FIRST, expected=EXPECTED)
    _plan(team, agree=False)
    second = _second(team)
    assert "plan" not in _snapshot(second, team.staff[0]).data["competencies"][0]["previous"]


def test_page_and_pdf_show_the_follow_up_next_to_the_previous_figures():
    team = multi_round(plan=FIRST, expected=EXPECTED)
    _plan(team)
    second = _second(team)
    snap = _snapshot(second, team.staff[0])
    html = report_html(snapshot=snap)
    box = re.search(r'<div class="progress-box keep">(.*?)</table>\s*</div>', html, re.S).group(1)
    assert "เทียบกับรอบก่อน" in box and "ผลตามแผนพัฒนารายบุคคลของรอบก่อน" in box
    rows = re.findall(r'<tr class="change-(\w+)">(.*?)</tr>', box, re.S)
    assert [change for change, _row in rows] == ["same", "improved", "improved"]
    assert "0.00" in rows[1][1] and "3.00" in rows[1][1] and "ดีขึ้น" in rows[1][1]
    text = "".join(pypdf_text(report_render(snapshot=snap).pdf.read()).split())
    for words in ("ผลตามแผนพัฒนารายบุคคลของรอบก่อน", "การฝึกอบรม:หลักสูตรการสื่อสารกับผู้รับบริการ",
                  "↑ดีขึ้น", "=เท่าเดิม", "↓ลดลง"):
        assert words in text, words
