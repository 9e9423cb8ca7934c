"""Nothing in the report PDF is printed over something else.

The column of pooled anonymous groups, "ผู้ประเมินอื่น (รวมกลุ่ม)", was one
unbreakable header wider than its column: it ran into the "รวม" header beside
it. Words are compared by the boxes ``pdftotext -bbox`` gives them.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from assessments.models import Assignment
from reports.models import ReportSnapshot
from reports.services import report_render, round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _words(content: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True,
                         check=True).stdout.decode()
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                      r"(.*?)</word>")
    return [[(*map(float, m[:4]), m[4]) for m in word.findall(page)]
            for page in out.split("<page ")[1:]]


def _overprinted(content: bytes) -> list[tuple[int, str, str]]:
    found = []
    for number, words in enumerate(_words(content), 1):
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                across = min(a[2], b[2]) - max(a[0], b[0])
                down = min(a[3], b[3]) - max(a[1], b[1])
                if across > 1 and down > 2:  # points; touching boxes are fine
                    found.append((number, a[4], b[4]))
    return found


def test_pooled_group_header_stays_in_its_column():
    r = rated_round()
    # Two peers and one subordinate: each below the minimum of 3, pooled into
    # "others" (3 raters), which is shown as a column of its own.
    peer = Assignment.objects.filter(participant=r.ratee, group="peer").order_by("pk").first()
    Assignment.objects.filter(pk=peer.pk).update(group="subordinate")
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert "others" in snap.data["competencies"][0]["groups"]
    content = report_render(snapshot=snap).pdf.read()
    assert _overprinted(content) == []
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
    assert "(รวมกลุ่ม)" in text


def test_figures_against_the_previous_round_on_one_line_each_clear_of_its_label():
    """The row of figures in "เทียบกับรอบก่อน" broke "ระดับที่แสดง (รอบ|ก่อน)" over two
    lines and set the next figure 1 pt after its label ("(รอบนี้)2")."""
    from tests.reports.multi_scenario import multi_round
    from tests.reports.test_plan_progress import EXPECTED, FIRST, _plan, _second

    team = multi_round(plan=FIRST, expected=EXPECTED)
    _plan(team)
    second = _second(team)
    snap = ReportSnapshot.objects.filter(round=second, participant__employee=team.staff[0]).get()
    content = report_render(snapshot=snap).pdf.read()
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,
                            capture_output=True, check=True).stdout.decode()
    for label in ("ระดับที่แสดง (รอบก่อน)", "ระดับที่แสดง (รอบนี้)",
                  "คะแนนตามเกณฑ์ช่องว่าง (รอบก่อน)"):
        assert re.search(re.escape(label) + r"\s+[0-9]", layout), label
    words = [w for page in _words(content) for w in page]
    gaps = [(word[4], words[n + 1][0] - word[2]) for n, word in enumerate(words[:-1])
            if word[4].endswith(("(รอบก่อน)", "(รอบนี้)")) and words[n + 1][4].isdigit()]
    assert len(gaps) >= 3 and min(gap for _label, gap in gaps) >= 3, gaps
