import io

import pypdf
import pytest

from assessments.models import Participant, Round
from competency.models import Indicator
from reports.models import ReportSnapshot
from reports.render import font_face_css, renderer, report_html
from reports.services import report_render, round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.pdftext import pdftotext, pypdf_text, squeeze
from tests.reports.scenario import HIDDEN_COMMENT, rated_round

pytestmark = pytest.mark.django_db


def _snapshot(participant) -> ReportSnapshot:
    round_snapshots_update(rnd=participant.round)
    return ReportSnapshot.objects.get(participant=participant)


def _pdf(snapshot) -> bytes:
    snapshot = report_render(snapshot=snapshot)
    return snapshot.pdf.read()


def test_pdf_text_reproduces_every_indicator_and_a_buddhist_era_date():
    r = rated_round()
    snap = _snapshot(r.ratee)
    content = _pdf(snap)
    assert content.startswith(b"%PDF")
    texts = list(Indicator.objects.filter(level__competency=r.team.competency)
                 .values_list("text_th", flat=True))
    assert len(texts) == 14
    for extract in (pdftotext, pypdf_text):
        text = squeeze(extract(content))
        missing = [t for t in texts if squeeze(t) not in text]
        assert not missing, (extract.__name__, missing)
    plain = pdftotext(content)
    year_be = snap.issued_at.year + 543
    assert f"{year_be}" in plain
    assert "สำนัก" not in plain or "สานัก" not in plain
    assert "ผู้รับการประเมิน" in plain and r.ratee.employee.full_name in plain
    assert "ดำเนินเรื่อง" in squeeze(plain)


def test_thai_digits_option():
    r = rated_round(thai_digits=True)
    snap = _snapshot(r.ratee)
    plain = pdftotext(_pdf(snap))
    year_be = str(snap.issued_at.year + 543).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert year_be in plain
    assert "๓.๐๐" in plain


def test_hidden_group_is_in_neither_html_nor_pdf():
    r = rated_round()
    snap = _snapshot(r.small)
    html = report_html(snapshot=snap)
    plain = pdftotext(_pdf(snap))
    for text in (html, plain):
        assert HIDDEN_COMMENT not in text
        # Named once, in the note that says why it is in no figure (issue 16).
        assert text.count("เพื่อนร่วมงาน") == 1
        assert "เพื่อนร่วมงานตอบ 2 คน น้อยกว่าเกณฑ์ 3 คน" in text.replace("\n", " ")
        assert "รวมกลุ่ม" not in text
    assert "ผู้บังคับบัญชา" in plain


def test_template_shape_a4_font_and_compounds():
    r = rated_round()
    snap = _snapshot(r.ratee)
    html = report_html(snapshot=snap)
    # Compounds are kept whole by Pango in the PDF (reports/thaibreaks.py), not by spans.
    assert "ผู้รับบริการ" in html and '<span class="nobr">ผู้รับบริการ</span>' not in html
    assert "<svg" in html and "<script" not in html and 'style="' not in html
    assert "Sarabun-Regular.ttf" in font_face_css() and "file://" in font_face_css()
    reader = pypdf.PdfReader(io.BytesIO(_pdf(snap)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = {ref.get_object().get("/BaseFont") for page in reader.pages
             for ref in (page["/Resources"].get("/Font") or {}).values()}
    assert any("Sarabun" in str(f) for f in fonts)


def test_one_renderer_per_process():
    assert renderer() is renderer()
    assert renderer().font_config is renderer().font_config


def test_closed_round_renders_for_hr_before_release():
    r = rated_round(state=Round.State.CLOSED)
    snap = _snapshot(r.ratee)
    assert _pdf(snap).startswith(b"%PDF")


def test_the_pass_after_a_render_does_not_walk_the_renderers_tables(monkeypatch):
    # What a render adds to the shared styles, line breaks and cells is frozen after
    # the collector's pass; left in reach, every later pass walked all of it (20 ms
    # a report after 60 reports, growing as the tables fill).
    import gc

    from reports import render

    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    htmls = [report_html(snapshot=_snapshot(p)) for p in Participant.objects.filter(round=later)]
    renderer().pdf(htmls[0])  # the first render of the process freezes the heap
    walked = []
    collect = gc.collect

    def counting_collect(*args):
        walked.append(len(gc.get_objects()))  # what this pass walks
        return collect(*args)

    monkeypatch.setattr(render.gc, "collect", counting_collect)
    monkeypatch.setattr(render.gc, "unfreeze", lambda: None)  # no full pass meanwhile
    for html in htmls * 2:
        renderer().pdf(html)
    again = walked[len(htmls):]  # the same reports again: the tables hold them already
    assert len(again) >= 3
    assert max(again) < 3_000, walked  # each pass walks the render's leftovers only
    assert len(gc.get_objects()) < 2_000


def test_a_full_collector_pass_every_so_many_renders(monkeypatch):
    # Table entries dropped while frozen, if in a reference cycle (a style and its
    # anonymous style), are freed by the full pass.
    import gc

    from reports import render

    html = report_html(snapshot=_snapshot(rated_round().ratee))
    unfrozen = []
    unfreeze = gc.unfreeze
    monkeypatch.setattr(render, "FULL_PASS_EVERY", 3)
    monkeypatch.setattr(render.gc, "unfreeze", lambda: unfrozen.append(1) or unfreeze())
    first = renderer().renders + 1
    for _ in range(6):
        renderer().pdf(html)
    assert len(unfrozen) == sum(1 for n in range(first, first + 6) if n == 1 or n % 3 == 0)


def test_faster_serialization_writes_pydyfs_bytes():
    import pydyf

    from reports import render

    html = report_html(snapshot=_snapshot(rated_round().ratee))
    renderer()  # installs it
    assert pydyf._to_bytes is render._plain_values_first
    ours = renderer().pdf(html)
    pydyf._to_bytes = render._upstream_to_bytes
    try:
        theirs = renderer().pdf(html)
    finally:
        pydyf._to_bytes = render._plain_values_first
    assert ours == theirs
    for value in (b"x", "/Name", 3, -2.5, 2.0, 1e-7, True, pydyf.Array([1, 2.5])):
        assert render._plain_values_first(value) == render._upstream_to_bytes(value)
