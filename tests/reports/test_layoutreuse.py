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
