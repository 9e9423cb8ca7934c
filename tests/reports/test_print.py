"""The PDF as a printed document (issue 16): running head, chart text of at
least 8 pt, no figure struck by the pass-mark line, no caption word broken,
a tagged PDF, no near-empty last page."""

import io
import re

import pypdf
import pytest

from reports.models import ReportSnapshot
from reports.render import _ladder
from reports.services import report_render
from reports.templatetags.report_tags import trend_chart
from tests.builders import make_team
from tests.factories import CompetencyFactory
from tests.reports.multi_scenario import (
    finish,
    multi_round,
    next_round,
    rate_all,
    shown_up_to,
    three_competencies,
)
from tests.reports.pdftext import page_ink_depth, pdftotext, text_sizes
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

PLAN = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1),
        "103": shown_up_to(2), "104": shown_up_to(4)}


def _pdf(participant) -> bytes:
    from reports.services import round_snapshots_update

    round_snapshots_update(rnd=participant.round)
    return report_render(snapshot=ReportSnapshot.objects.get(participant=participant)).pdf.read()


def _pages(content: bytes) -> list[str]:
    n = len(pypdf.PdfReader(io.BytesIO(content)).pages)
    import subprocess

    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), "-", "-"], input=content,
                           capture_output=True, check=True).stdout.decode()
            for i in range(1, n + 1)]


def _last_page_depth(content: bytes) -> float:
    # Something reaches at least a quarter of the way down the last page
    # (the signatures alone end at about a fifth).
    return page_ink_depth(content, len(pypdf.PdfReader(io.BytesIO(content)).pages))


def _small_text(content: bytes) -> list:
    return [(s, t) for s, t in text_sizes(content) if s < 8 - 0.01]


def test_one_competency_headed_tagged_8_pt_whole_words_full_last_page():
    r = rated_round(thai_digits=True)
    content = _pdf(r.ratee)
    pages = _pages(content)
    assert len(pages) >= 2
    number = r.ratee.employee.employee_number.translate(
        str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    head = f"{r.ratee.employee.full_name} · เลขประจำตัว {number} · {r.rnd.name_th}"
    assert head not in pages[0]
    for page in pages[1:]:
        assert page.lstrip().startswith(head), page[:200]
    # Page numbers follow the round's digit setting: ๒ / ๕ on page 2.
    assert re.search(r"๒ / [๐-๙]+", pages[1])
    # Tagged: a structure tree the text sits in (and the text still copies out,
    # test_render.test_pdf_text_reproduces_every_indicator_and_a_buddhist_era_date).
    root = pypdf.PdfReader(io.BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert not _small_text(content)
    plain = pdftotext(content)
    assert "เส้นประ" in plain and not re.search(r"เส้น\s*\n\s*ประ", plain)
    assert _last_page_depth(content) >= 0.25


def test_three_competencies_with_a_previous_round_8_pt_and_full_last_page():
    team = multi_round(plan=PLAN, expected={"102": 3, "101": 3, "105": 3})
    # A second round, so the trend chart against the previous round is drawn too.
    rnd = next_round(team=team, plan=PLAN)
    snap = ReportSnapshot.objects.filter(round=rnd).order_by("pk").first()
    assert len(snap.data["competencies"]) == 3 and snap.data["competencies"][0]["previous"]
    content = report_render(snapshot=snap).pdf.read()
    small = _small_text(content)
    assert not small, small[:10]
    drawn = "".join(t for _s, t in text_sizes(content))
    assert all(word in drawn for word in ("ระดับ", "คาดหวัง", "เกณฑ์ผ่าน", "รอบก่อน"))
    assert _last_page_depth(content) >= 0.25


@pytest.mark.parametrize("score", [1.9, 1.95, 2.0, 2.05])
def test_no_bar_figure_is_struck_by_the_pass_mark_line(score):
    comp = {"expected_level": 2, "shown_level": 1, "levels": [
        {"number": n, "score": score, "attained": False} for n in range(1, 6)]}
    ladder = _ladder(comp, 2.0, 3)
    for bar in ladder["bars"]:
        # 13-unit figures: their box is about [baseline - 13, baseline + 4].
        assert not bar["label_y"] - 13 <= ladder["pass_y"] <= bar["label_y"] + 4
        assert bar["label_y"] < bar["y"]  # still above its bar
    comp["previous"] = {"levels": [{"number": n, "score": score} for n in range(1, 6)]}
    trend = trend_chart(comp, 2.0, 3)
    for level in trend["levels"]:
        for bar in (level["before"], level["now"]):
            assert not bar["label_y"] - 10 <= trend["pass_y"] <= bar["label_y"] + 3


def _five_competencies():
    comps = three_competencies()
    comps += [CompetencyFactory(code="103", name_th="การสั่งสมความเชี่ยวชาญในงานอาชีพ",
                                definition_th="ความสนใจใฝ่รู้ สั่งสม พัฒนาศักยภาพ",
                                indicators_per_level=2),
              CompetencyFactory(code="104", name_th="การยึดมั่นในความถูกต้องชอบธรรม และจริยธรรม",
                                definition_th="การครองตนและประพฤติปฏิบัติถูกต้องเหมาะสม",
                                indicators_per_level=2)]
    return comps


def test_five_competencies_no_near_empty_last_page():
    team = make_team(size=2, competencies=_five_competencies())
    rate_all(rnd=team.rnd, plan=PLAN)
    rnd = finish(team.rnd)
    snap = ReportSnapshot.objects.filter(round=rnd).order_by("pk").first()
    assert len(snap.data["competencies"]) == 5
    content = report_render(snapshot=snap).pdf.read()
    assert _last_page_depth(content) >= 0.25
