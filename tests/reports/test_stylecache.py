"""Computed styles shared across reports give the same PDFs (reports/stylecache.py)."""

from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from django.contrib.staticfiles import finders

from assessments.models import Participant
from reports import stylecache
from reports.models import ReportSnapshot
from reports.render import PRINT_CSS, renderer, report_html, summary_sheet_pdf
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _snapshots():
    single = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    participants = [single.ratee, single.small, *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    return list(ReportSnapshot.objects.filter(participant__in=participants).order_by("pk"))


def _pdfs(snapshots):
    render = renderer()
    pdfs = [render.pdf(report_html(snapshot=s)) for s in snapshots]
    return pdfs + [summary_sheet_pdf(snapshot=s) for s in snapshots[:2]]


def test_shared_styles_give_byte_identical_pdfs():
    snapshots = _snapshots()
    renderer()  # installs the sharing
    assert stylecache._originals, "the renderer shares the styles"
    shared = _pdfs(snapshots) + _pdfs(snapshots)  # the second time, all styles are shared
    stylecache.uninstall()
    try:
        fresh = _pdfs(snapshots) + _pdfs(snapshots)
    finally:
        stylecache.install()
    assert len(shared) >= 12
    assert shared == fresh


def test_a_later_report_gets_the_styles_of_the_earlier_ones():
    first, second, *_ = _snapshots()
    render = renderer()
    stylecache._styles.clear()
    render.pdf(report_html(snapshot=first))
    after_first = len(stylecache._styles)
    render.pdf(report_html(snapshot=second))
    new = len(stylecache._styles) - after_first
    assert after_first > 100
    assert new < after_first / 5, (after_first, new)


def test_the_table_of_styles_is_bounded(monkeypatch):
    first, second, *_ = _snapshots()
    render = renderer()
    expected = [render.pdf(report_html(snapshot=s)) for s in (first, second)]
    monkeypatch.setattr(stylecache, "MAX_STYLES", 40)
    stylecache._styles.clear()
    assert [render.pdf(report_html(snapshot=s)) for s in (first, second)] == expected
    assert 0 < len(stylecache._styles) <= 40


def test_report_stylesheets_use_no_viewport_units():
    # A shared style resolves vw, vh... against the page of the report that computed it.
    from weasyprint.css.units import VIEWPORT_UNITS

    def dimensions(tokens):
        for token in tokens:
            if token.type == "dimension":
                yield token.unit.lower()
            for attribute in ("content", "prelude", "value", "arguments"):
                nested = getattr(token, attribute, None)
                if isinstance(nested, list):
                    yield from dimensions(nested)

    sheets = [Path(finders.find(name)).read_text(encoding="utf-8") for name in PRINT_CSS]
    for template in ("report_pdf.html", "summary_sheet.html"):
        html = (Path(settings.BASE_DIR) / "templates" / "reports" / template).read_text()
        assert "<style" not in html and "style=" not in html, template
    for sheet in sheets:
        units = set(dimensions(tinycss2.parse_stylesheet(sheet)))
        assert units, "no dimension found: the walk is broken"
        assert not units & VIEWPORT_UNITS
