"""Progress across rounds: the previous round's figures beside this round's."""

import re

import pytest

from assessments.models import Participant
from competency.models import Competency
from competency.services import competency_revise
from reports.models import ReportSnapshot
from reports.render import report_html
from reports.services import report_render, round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.pdftext import pdftotext

pytestmark = pytest.mark.django_db

EXPECTED = {"102": 3, "101": 3, "105": 3}
# Round 1: Service Mind level 3 blocked by 3.2 and 3.3 (3.1 passes): shown 2.
FIRST = {
    "102": {1: 3, 2: 3, (3, 1): 3, (3, 2): 0, (3, 3): 0},
    "101": shown_up_to(1),
    "105": shown_up_to(2),
}
# Round 2: 3.2 now passes, 3.3 still short (level 3 reached on the mean: 7/3).
SECOND = {
    "102": {1: 3, 2: 3, (3, 1): 3, (3, 2): 3, (3, 3): 1},
    "101": shown_up_to(1),
}
NEW_TEXT_32 = "แจ้งความคืบหน้าและผลการให้บริการแก่ผู้รับบริการเป็นระยะ (ฉบับปรับปรุง)"


def _snapshot(rnd, employee) -> ReportSnapshot:
    return ReportSnapshot.objects.get(participant=Participant.objects.get(round=rnd,
                                                                          employee=employee))


def _two_rounds(*, tamper=None):
    """Round 1 over three competencies; the dictionary revises Service Mind; round 2
    over the new Service Mind version and 101 (105 dropped)."""
    team = multi_round(plan=FIRST, expected=EXPECTED)
    if tamper:
        tamper(_snapshot(team.rnd, team.staff[0]))
    service_mind = Competency.objects.get(code="102", version=1)
    revised = competency_revise(competency=service_mind,
                                indicators={(3, 2): {"text_th": NEW_TEXT_32}}).competency
    assert revised.version == 2  # round 1 keeps version 1
    second = next_round(team=team, plan=SECOND, expected=EXPECTED,
                        competencies=[revised, Competency.objects.get(code="101")])
    return team, second


def test_previous_figures_and_cleared_versus_remaining_blocking_indicators():
    team, second = _two_rounds()
    first_data = _snapshot(team.rnd, team.staff[0]).data
    first_sm = first_data["competencies"][0]
    assert first_sm["shown_level"] == 2
    assert [b["code"] for b in first_sm["blocking"]] == ["3.2", "3.3"]

    data = _snapshot(second, team.staff[0]).data
    sm, achievement = data["competencies"]
    assert sm["shown_level"] == 3
    prev = sm["previous"]
    assert prev["round"]["id"] == team.rnd.pk and prev["round"]["half"] == team.rnd.half
    assert prev["shown_level"] == 2 and prev["gap_points"] == 2
    assert [lv["score"] for lv in prev["levels"]] == [lv["score"] for lv in first_sm["levels"]]
    assert [lv["attained"] for lv in prev["levels"]] == [True, True, False, False, False]
    # Matched by level and order across versions; the text is this round's version.
    assert prev["cleared"] == [
        {"code": "3.2", "text": NEW_TEXT_32, "before": 0.0, "now": 3.0},
    ]
    assert [(r["code"], r["before"], r["now"]) for r in prev["remaining"]] == [("3.3", 0.0, 1.0)]
    # 101: shown 1 both times, blocked by the same level-2 indicators.
    assert achievement["previous"]["shown_level"] == 1
    assert achievement["previous"]["cleared"] == []
    assert [r["code"] for r in achievement["previous"]["remaining"]] == ["2.1", "2.2"]
    assert {c["code"] for c in data["competencies"]} == {"102", "101"}  # 105 not in round 2


def test_previous_figures_come_from_the_released_snapshot_not_recomputed():
    def tamper(snap):
        snap.data["competencies"][0]["levels"][0]["score"] = 1.2345
        snap.data["competencies"][0]["shown_level"] = 4
        snap.save(update_fields=["data"])

    team, second = _two_rounds(tamper=tamper)
    prev = _snapshot(second, team.staff[0]).data["competencies"][0]["previous"]
    assert prev["levels"][0]["score"] == 1.2345 and prev["shown_level"] == 4


def test_only_earlier_released_rounds_count():
    team = multi_round(plan=FIRST, expected=EXPECTED)
    later = next_round(team=team, plan=SECOND, expected=EXPECTED, release=False)
    # The later round is closed, not released: it is nobody's "previous" ...
    round_snapshots_update(rnd=team.rnd)
    first = _snapshot(team.rnd, team.staff[0]).data
    assert all(c["previous"] is None for c in first["competencies"])
    # ... and the first round (earlier, released) is the later one's previous.
    data = _snapshot(later, team.staff[0]).data
    assert data["competencies"][0]["previous"]["round"]["id"] == team.rnd.pk
    # Another person's history never leaks in: each person has their own previous.
    other = _snapshot(later, team.staff[1]).data["competencies"][0]["previous"]
    assert other["round"]["id"] == team.rnd.pk


def test_page_and_pdf_show_previous_beside_current_and_the_plan_lists_both():
    team, second = _two_rounds()
    html = report_html(snapshot=_snapshot(second, team.staff[0]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert html.count('class="progress-box') == 2  # Service Mind and 101
    assert "เทียบกับรอบก่อน" in text and "รอบทดสอบ" in text
    assert "แถบสีเทา: ระดับที่แสดงในรอบก่อน" in text  # summary chart marks the previous level
    block = re.search(r'<div class="plan-progress">(.*?)</div>', html, re.S).group(1)
    cleared = re.search(r'<ul class="cleared">(.*?)</ul>', block, re.S).group(1)
    remaining = re.search(r'<ul class="remaining">(.*?)</ul>', block, re.S).group(1)
    assert "3.2" in cleared and "(ฉบับปรับปรุง)" in cleared and "0.00 → 3.00" in cleared
    assert "3.3" in remaining and "0.00 → 1.00" in remaining
    assert "3.3" not in cleared and "3.2" not in remaining
    plain = pdftotext(report_render(snapshot=_snapshot(second, team.staff[0])).pdf.read())
    for words in ("เทียบกับรอบก่อน", "ผ่านเกณฑ์แล้วในรอบนี้", "ยังต้องพัฒนาต่อ", "รอบก่อน"):
        assert words in plain
