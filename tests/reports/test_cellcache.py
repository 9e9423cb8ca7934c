"""Table cells laid out once across reports (reports/cellcache.py): the same PDF for a
snapshot whatever the worker rendered before, and upstream's layout up to rounding."""

import io
import re

import pypdf
import pytest

from assessments.models import Participant
from reports import cellcache, linecache, stylecache
from reports.models import ReportSnapshot
from reports.render import renderer, report_html, summary_sheet_pdf
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

NUMBER = re.compile(rb"^-?(\d+\.?\d*|\.\d+)$")


def _snapshots():
    single = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    participants = [single.ratee, single.small, *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    return list(ReportSnapshot.objects.filter(participant__in=participants).order_by("pk"))


def _forget_everything():
    for table in (cellcache._cells, linecache._lines, stylecache._styles):
        table.clear()


def _drawing(content):
    """Each page's drawing operators and operands, decompressed."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [page.get_contents().get_data().split() for page in reader.pages]


def _same_drawing(ours, theirs):
    """Equal, except numbers that differ by less than the PDF's last written digit."""
    assert len(ours) == len(theirs)
    differences = 0
    for page_ours, page_theirs in zip(ours, theirs, strict=True):
        assert len(page_ours) == len(page_theirs)
        for a, b in zip(page_ours, page_theirs, strict=True):
            if a == b:
                continue
            assert NUMBER.match(a) and NUMBER.match(b), (a, b)
            assert abs(float(a) - float(b)) < 2e-6, (a, b)
            differences += 1
    return differences


def test_a_snapshot_gives_the_same_bytes_whatever_was_rendered_before():
    snapshots = _snapshots()
    render = renderer()
    htmls = [report_html(snapshot=s) for s in snapshots]
    cold = []
    for html in htmls:
        _forget_everything()
        cold.append(render.pdf(html))
    warm = [render.pdf(html) for html in htmls + htmls][len(htmls):]
    assert cellcache._cells, "cells were kept"
    assert warm == cold


def test_kept_cells_draw_what_upstream_layout_draws():
    snapshots = _snapshots()
    render = renderer()
    htmls = [report_html(snapshot=s) for s in snapshots]

    def pdfs():
        return [render.pdf(h) for h in htmls] + [summary_sheet_pdf(snapshot=s)
                                                  for s in snapshots[:2]]

    pdfs()
    kept = pdfs()  # nearly every cell from the table
    cellcache.uninstall()
    try:
        upstream = pdfs()
    finally:
        cellcache.install()
    for ours, theirs in zip(kept, upstream, strict=True):
        assert pypdf.PdfReader(io.BytesIO(ours)).metadata == \
            pypdf.PdfReader(io.BytesIO(theirs)).metadata
        _same_drawing(_drawing(ours), _drawing(theirs))


# The same paragraph after margins that collapse differently with its own, on two
# pages, the second time at the foot of the page (laid out in place, not kept).
MARGINS = """<!doctype html><html lang="th"><head><meta charset="utf-8"></head>
<body class="report-pdf"><article class="report">
  <h2>หัวข้อ</h2><p class="note">ระดับที่แสดงและคะแนนตามเกณฑ์ช่องว่างใช้ในการประเมินผล</p>
  <h3>หัวข้อย่อย</h3><p class="note">ระดับที่แสดงและคะแนนตามเกณฑ์ช่องว่างใช้ในการประเมินผล</p>
  <p class="note">ระดับที่แสดงและคะแนนตามเกณฑ์ช่องว่างใช้ในการประเมินผล</p>
  {filler}<p class="note">ระดับที่แสดงและคะแนนตามเกณฑ์ช่องว่างใช้ในการประเมินผล
  ระดับที่แสดงและคะแนนตามเกณฑ์ช่องว่างใช้ในการประเมินผล</p>
</article></body></html>"""


def test_kept_paragraphs_follow_the_margins_before_them():
    render = renderer()
    htmls = [MARGINS.format(filler="<p>บรรทัด</p>" * n) for n in (0, *range(36, 44))]

    def pdfs():
        return [render.pdf(h) for h in htmls]

    pdfs()
    kept = pdfs()
    assert any(key[0].__name__ == "BlockBox" for key in cellcache._cells)
    cellcache.uninstall()
    try:
        upstream = pdfs()
    finally:
        cellcache.install()
    for ours, theirs in zip(kept, upstream, strict=True):
        _same_drawing(_drawing(ours), _drawing(theirs))


def test_the_table_of_cells_is_bounded(monkeypatch):
    first, second, *_ = _snapshots()
    render = renderer()
    htmls = [report_html(snapshot=s) for s in (first, second)]
    expected = [render.pdf(h) for h in htmls]
    monkeypatch.setattr(cellcache, "MAX_CELLS", 25)
    cellcache._cells.clear()
    assert [render.pdf(h) for h in htmls] == expected
    assert 0 < len(cellcache._cells) <= 25
