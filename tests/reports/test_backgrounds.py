"""Boxes that draw no background, decided once per style: the same PDFs
(reports/backgrounds.py)."""

import pytest

from assessments.models import Participant
from reports import backgrounds
from reports.models import ReportSnapshot
from reports.render import renderer, report_html, summary_sheet_pdf
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

# Backgrounds, rounded corners, a shadow, a hidden box and a gradient beside plain boxes.
DECORATED = """<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
  .a { background: #e8eef5 } .b { border: 1px solid #b8c2cc; border-radius: 4px }
  .c { box-shadow: 2px 2px 3px #999 } .d { visibility: hidden; background: red }
  .e { background-image: linear-gradient(#fff, #888) }
</style></head><body><p class="a">ก</p><p class="b">ข</p><p class="c">ค</p>
<p class="d">ง</p><p class="e">จ</p><p>ฉ</p><table><tr><td class="a">ช</td><td>ซ</td></tr>
</table></body></html>"""


def test_boxes_that_draw_nothing_give_byte_identical_pdfs():
    single = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    later = next_round(team=multi_round(plan=plan), plan=plan)
    participants = [single.ratee, single.small, *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    snapshots = list(ReportSnapshot.objects.filter(participant__in=participants))
    render = renderer()  # installs it
    assert backgrounds._originals

    def pdfs():
        return ([render.pdf(report_html(snapshot=s)) for s in snapshots] + [render.pdf(DECORATED)]
                + [summary_sheet_pdf(snapshot=s) for s in snapshots[:2]])

    skipped = pdfs()
    assert any(kept[0] for kept in backgrounds._plain.values())
    assert not all(kept[0] for kept in backgrounds._plain.values())
    backgrounds.uninstall()
    try:
        upstream = pdfs()
    finally:
        backgrounds.install()
    assert skipped == upstream
