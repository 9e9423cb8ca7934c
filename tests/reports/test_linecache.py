"""Line breaking remembered across reports gives the same PDFs (reports/linecache.py)."""

import pytest

from assessments.models import Participant
from reports import linecache
from reports.models import ReportSnapshot
from reports.render import renderer, report_html, summary_sheet_pdf
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

# Lines that upstream's drawing code changes: an ellipsis, and a character no font has
# (drawn by the text layer's hooks, which rewrite glyphs drawn for another text: ำ, า).
# The second document gives those glyphs other codes. Sarabun from the report stylesheets.
MISSING_GLYPH = "<p>ไม่มีในแบบอักษร \ue000 ดำเนินการ ดาวเด่น ให้การบริการที่เป็นมิตร สุภาพ</p>"
ODD_LINES = [
    f"""<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
      .cut {{ width: 30mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis }}
    </style></head><body>
      <p class="cut">ให้ข้อมูล ข่าวสาร ที่ถูกต้อง ชัดเจนแก่ผู้รับบริการ</p>{MISSING_GLYPH}
    </body></html>""",
    f"""<!doctype html><html lang="th"><head><meta charset="utf-8"></head><body>
      <p>กำ กา สำ สา น้ำ นา</p>{MISSING_GLYPH}
    </body></html>""",
]


def _serial(layout):
    from weasyprint.text.ffi import ffi, pango

    try:
        return pango.pango_layout_get_serial(layout)
    except AttributeError:  # not declared by WeasyPrint
        ffi.cdef("guint pango_layout_get_serial (PangoLayout *layout);")
        return pango.pango_layout_get_serial(layout)


def _htmls():
    single = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    participants = [single.ratee, single.small, *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    snapshots = list(ReportSnapshot.objects.filter(participant__in=participants).order_by("pk"))
    return [report_html(snapshot=s) for s in snapshots], snapshots


def test_remembered_line_breaks_give_byte_identical_pdfs():
    htmls, snapshots = _htmls()
    render = renderer()  # installs the cache
    assert linecache._originals, "the renderer remembers line breaks"

    def pdfs():
        return ([render.pdf(h) for h in htmls + ODD_LINES]
                + [summary_sheet_pdf(snapshot=s) for s in snapshots[:2]])

    remembered = pdfs() + pdfs()  # the second time, nearly every line is remembered
    linecache.uninstall()
    try:
        fresh = pdfs() + pdfs()
    finally:
        linecache.install()
    assert len(remembered) >= 14
    assert remembered == fresh


def test_drawing_never_changes_a_remembered_layout():
    htmls, _ = _htmls()
    render = renderer()
    linecache._lines.clear()
    render.pdf(ODD_LINES[0])
    render.pdf(htmls[0])
    serials = {key: _serial(result[0].layout) for key, (result, _) in linecache._lines.items()}
    first = render.pdf(ODD_LINES[0])
    render.pdf(htmls[0])
    assert render.pdf(ODD_LINES[0]) == first
    changed = [key[1] for key, serial in serials.items()
               if key in linecache._lines and _serial(linecache._lines[key][0][0].layout) != serial]
    assert len(serials) > 100
    assert changed == []


def test_the_table_of_lines_is_bounded(monkeypatch):
    htmls, _ = _htmls()
    render = renderer()
    expected = [render.pdf(h) for h in htmls[:2]]
    monkeypatch.setattr(linecache, "MAX_LINES", 30)
    linecache._lines.clear()
    assert [render.pdf(h) for h in htmls[:2]] == expected
    assert 0 < len(linecache._lines) <= 30
