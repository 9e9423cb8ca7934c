"""Rounds over several competencies: the snapshot's summary, the summary page, the PDF."""

import json
import re

import pytest

from assessments.models import Participant
from assessments.services import round_close, round_release
from competency.scoring import DEFAULT_BANDS
from reports.models import ReportSnapshot
from reports.render import report_html
from reports.services import report_render
from reports.snapshot import SCHEMA_VERSION
from reports.snapshot_summary import summary_data
from tests.builders import make_team
from tests.reports.multi_scenario import (
    multi_round,
    rate_all,
    set_expected,
    shown_up_to,
    three_competencies,
)
from tests.reports.pdftext import pdftotext, squeeze

pytestmark = pytest.mark.django_db

# Shown 3 / 2 / 1 against an expected 3 everywhere: points 3, 2, 1.
PLAN = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
EXPECTED = {"102": 3, "101": 3, "105": 3}


def _snapshot(team, n: int = 0) -> ReportSnapshot:
    return ReportSnapshot.objects.get(
        participant=Participant.objects.get(round=team.rnd, employee=team.staff[n])
    )


@pytest.mark.parametrize(
    ("points", "weight", "part", "percent", "band"),
    [
        # 6 / (3 x 3) x 30 = 20.00 points = 66.67 % -> พอใช้ (60-69)
        ([3, 2, 1], 30, 20.0, 66.6667, "พอใช้"),
        ([3, 3, 3], 30, 30.0, 100.0, "ดีเด่น"),
        # 10 / 12 x 30 = 25.00 = 83.33 % -> ดีมาก
        ([3, 3, 2, 2], 30, 25.0, 83.3333, "ดีมาก"),
        # 7 / 9 x 30 = 23.33 = 77.78 % -> ดี
        ([3, 3, 1], 30, 23.3333, 77.7778, "ดี"),
        # 1 / 6 x 30 = 5.00 = 16.67 % -> ต้องปรับปรุง
        ([0, 1], 30, 5.0, 16.6667, "ต้องปรับปรุง"),
        # Probation 50/50: 6 / 9 x 50 = 33.33
        ([3, 2, 1], 50, 33.3333, 66.6667, "พอใช้"),
        # Exactly on a band's lower bound: 9 / 10 ... with 3-point scale: 27/30 = 90 %
        ([3] * 9 + [0], 30, 27.0, 90.0, "ดีเด่น"),
    ],
)
def test_competency_part_and_band_hand_computed(points, weight, part, percent, band):
    comps = [{"code": str(n), "name": "", "expected_level": 3, "shown_level": 3 - (3 - p),
              "gap_points": p} for n, p in enumerate(points)]
    summary = summary_data(comps=comps, weights={}, weight=float(weight), missing="omit")
    assert summary["points"] == sum(points)
    assert summary["max_points"] == 3 * len(points)
    assert summary["competency_part"] == pytest.approx(part, abs=1e-4)
    assert summary["percent"] == pytest.approx(percent, abs=1e-4)
    assert summary["band"] == band
    assert summary["bands"] == [{"lower": float(lo), "label": la} for lo, la in DEFAULT_BANDS]


def test_three_competencies_gap_points_and_summary_in_the_snapshot():
    team = multi_round(plan=PLAN, expected=EXPECTED)
    snap = _snapshot(team)
    data = snap.data
    assert snap.schema_version == SCHEMA_VERSION == data["schema_version"] == 3
    comps = data["competencies"]
    assert [c["code"] for c in comps] == ["102", "101", "105"]  # the round's order
    assert [c["shown_level"] for c in comps] == [3, 2, 1]
    assert [c["expected_level"] for c in comps] == [3, 3, 3]
    assert [c["gap_points"] for c in comps] == [3, 2, 1]
    assert all(c["previous"] is None for c in comps)  # no earlier round
    summary = data["summary"]
    assert (summary["points"], summary["max_points"]) == (6, 9)
    assert summary["competency_part"] == pytest.approx(20.0)
    assert summary["percent"] == pytest.approx(66.6667, abs=1e-4)
    assert summary["band"] == "พอใช้" and summary["weight"] == 30.0
    json.dumps(data)


def test_summary_page_first_with_chart_figures_and_band():
    team = multi_round(plan=PLAN, expected=EXPECTED)
    html = report_html(snapshot=_snapshot(team))
    summary_at = html.index('class="summary"')
    assert summary_at < html.index('class="competency')
    summary = html[summary_at:html.index('class="competency')]
    assert summary.count("<svg") == 1 and "<script" not in html and 'style="' not in html
    # One bar row per competency, each with the expected-level mark.
    assert summary.count('stroke="#b02a37" stroke-width="3"') == 3
    for name in ("การบริการที่ดี", "การมุ่งผลสัมฤทธิ์", "การทำงานเป็นทีม"):
        assert name in summary
    text = re.sub(r"<[^>]+>", "", summary)
    assert "ผลรวมคะแนน 6 ÷ คะแนนเต็ม 9 × น้ำหนัก 30.00 = 20.00 คะแนน" in text
    assert "คิดเป็นร้อยละ 66.67" in text and "พอใช้" in text
    assert "ดีเด่น ตั้งแต่ 90" in text and "ดีมาก 80–89" in text and "ต่ำกว่า 60" in text
    # Gap points per competency in the table, in the round's order.
    assert re.findall(r"(\d) / 3", text) == ["3", "2", "1"]


def test_three_competency_round_end_to_end_to_pdf(django_capture_on_commit_callbacks):
    """Open -> rate -> close (the hand-off builds snapshots and PDFs in the task,
    eagerly here) -> release -> the PDF's text has every competency and the summary."""
    team = make_team(size=2, competencies=three_competencies())
    set_expected(rnd=team.rnd, levels=EXPECTED)
    rate_all(rnd=team.rnd, plan=PLAN)
    with django_capture_on_commit_callbacks(execute=True):
        rnd = round_close(rnd=team.rnd)
    snaps = ReportSnapshot.objects.filter(round=rnd)
    assert snaps.count() == rnd.participants.count() == 3  # the director and two staff
    with django_capture_on_commit_callbacks(execute=True):
        round_release(rnd=rnd)
    team.rnd = rnd
    snap = _snapshot(team)
    assert snap.status == ReportSnapshot.Status.DONE and snap.pdf_ready
    content = report_render(snapshot=snap).pdf.read()
    plain = pdftotext(content)
    flat = squeeze(plain)
    for name in ("การบริการที่ดี", "การมุ่งผลสัมฤทธิ์", "การทำงานเป็นทีม"):
        assert squeeze(name) in flat
    assert "20.00" in plain and "66.67" in plain and "พอใช้" in plain
    assert "สรุปผลการประเมินสมรรถนะ" in plain
    # Every competency's definition and indicator texts come out whole.
    for comp in snap.data["competencies"]:
        assert squeeze(comp["definition"]) in flat


def test_page_numbers_in_thai_digits_when_the_round_asks():
    team = multi_round(plan=PLAN, expected=EXPECTED, thai_digits=True)
    snap = _snapshot(team)
    assert 'class="report-pdf thai-digits"' in report_html(snapshot=snap)
    plain = pdftotext(report_render(snapshot=snap).pdf.read())
    assert re.search(r"๑ / [๐-๙]+", plain)
    assert not re.search(r"(?m)^\s*1 / \d+\s*$", plain)


def test_round_name_with_fiscal_year_is_not_followed_by_it_again():
    team = multi_round(plan=PLAN, expected=EXPECTED)
    snap = _snapshot(team)
    head = report_html(snapshot=snap).split("<header")[1].split("</header>")[0]
    assert head.count("ปีงบประมาณ") == 1  # "รอบทดสอบ · ปีงบประมาณ 2569"
    snap.data["round"]["name"] = "รอบที่ 1 ปีงบประมาณ พ.ศ. 2569"
    head = report_html(snapshot=snap).split("<header")[1].split("</header>")[0]
    assert head.count("ปีงบประมาณ") == 1 and "รอบที่ 1 ปีงบประมาณ พ.ศ. 2569" in head


def test_pass_mark_label_sits_right_of_every_bar():
    team = multi_round(plan=PLAN, expected=EXPECTED)
    html = report_html(snapshot=_snapshot(team))
    ladder = html[html.index('<figure class="ladder">'):]
    ladder = ladder[:ladder.index("</figure>")]
    label_x = float(re.search(r'<text x="([\d.]+)"[^>]*text-anchor="start"[^>]*>เกณฑ์ผ่าน',
                              ladder).group(1))
    bar_ends = [float(x) + float(w) for x, w in
                re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', ladder)]
    assert len(bar_ends) == 5 and label_x > max(bar_ends)
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', ladder).group(1))
    assert width - label_x >= 80  # room for "เกณฑ์ผ่าน 2.00" at 12 px


def test_rating_form_one_section_per_competency_with_progress_per_section(client):
    from django.urls import reverse

    from assessments.models import Assignment
    from assessments.services import assignment_save
    from competency.models import Indicator

    comps = three_competencies()
    team = make_team(size=1, competencies=comps)
    form = Assignment.objects.get(round=team.rnd, rater=team.staff[0], group="self")
    two = Indicator.objects.filter(level__competency=comps[1]).order_by("pk")[:2]
    assignment_save(assignment=form, rater=team.staff[0], answers={i.pk: 3 for i in two},
              comments={}, submit=False)
    client.force_login(team.staff[0].user)
    body = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    flat = re.sub(r"\s+", " ", body)
    assert 'id="answered-count">2<' in body and "/ 39" in body  # 14 + 10 + 15
    expected = zip(comps, (0, 2, 0), (14, 10, 15), strict=True)
    for n, (comp, answered, total) in enumerate(expected, 1):
        start = body.index(f'id="section-{comp.pk}"')
        section = re.sub(r"\s+", " ", body[start:body.index("</section>", start)])
        assert f'data-total="{total}"' in section
        assert f"{n}. {comp.name_th}" in section and comp.definition_th[:15] in section
        assert f"<span data-section-answered>{answered}</span> / {total}" in section
        chip = re.search(rf'data-section-chip="{comp.pk}"[^>]*>(.*?)</a>', flat).group(1)
        assert f"<span data-section-answered>{answered}</span>/{total}" in chip
    assert body.index(f'id="section-{comps[0].pk}"') < body.index(f'id="section-{comps[2].pk}"')
    assert "<script>" not in body and 'style="' not in body
