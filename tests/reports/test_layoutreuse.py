"""Drawing with the layouts kept from line breaking gives the same PDF (reports/layoutreuse.py)."""

import pytest

from assessments.models import Participant
from reports import layoutreuse
from reports.models import ReportSnapshot
from reports.render import renderer, report_html
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def test_reused_layouts_give_byte_identical_pdfs():
    single = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    participants = [single.ratee, single.small, *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    htmls = [report_html(snapshot=s)
             for s in ReportSnapshot.objects.filter(participant__in=participants)]
    render = renderer()  # installs the reuse
    assert layoutreuse._originals, "the renderer keeps the layouts"
    reused = [render.pdf(html) for html in htmls]
    layoutreuse.uninstall()
    try:
        rebuilt = [render.pdf(html) for html in htmls]
    finally:
        layoutreuse.install()
    assert len(reused) == len(participants) >= 4
    assert reused == rebuilt


def _serial(layout):
    """Pango's change counter of a layout: it moves whenever the layout must be laid out again."""
    from weasyprint.text.ffi import ffi, pango

    try:
        return pango.pango_layout_get_serial(layout)
    except AttributeError:  # not declared by WeasyPrint
        ffi.cdef("guint pango_layout_get_serial (PangoLayout *layout);")
        return pango.pango_layout_get_serial(layout)


def test_drawing_a_kept_layout_does_not_lay_it_out_again():
    from weasyprint.draw import text

    r = rated_round()
    round_snapshots_update(rnd=r.ratee.round, participant_ids=[r.ratee.pk])
    html = report_html(snapshot=ReportSnapshot.objects.get(participant=r.ratee))
    render = renderer()
    drawn = []  # (text, whether drawing changed the layout)
    installed = text.draw_first_line  # the renderer's (reports.textdraw)

    def draw_first_line(stream, textbox, *args):
        layout = textbox.pango_layout.layout
        before = _serial(layout)
        try:
            return installed(stream, textbox, *args)
        finally:
            drawn.append((textbox.pango_layout.text, _serial(layout) != before))

    text.draw_first_line = draw_first_line
    try:
        render.pdf(html)
    finally:
        text.draw_first_line = installed
    relaid = [line for line, changed in drawn if changed]
    assert len(drawn) > 200
    # Upstream's switch to single-paragraph mode made Pango shape every line again.
    assert not relaid, relaid[:5]
