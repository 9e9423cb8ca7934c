"""Thai compounds stay whole in the PDF without their spans (reports/thaibreaks.py)."""

import pytest

from reports.render import renderer
from reports.templatetags.report_tags import nobr
from reports.thaibreaks import unwrap_compounds
from tests.reports.pdftext import pdftotext

TEXT = ("ให้ข้อมูล ข่าวสาร ที่เกี่ยวข้องกับงานที่กำลังให้บริการอยู่ ซึ่งเป็นประโยชน์แก่ผู้รับบริการ "
        "แม้ว่าผู้รับบริการจะไม่ได้ถามถึง หรือไม่ทราบมาก่อน ประสานงานกับผู้บังคับบัญชาและเพื่อนร่วมงาน"
        "อย่างต่อเนื่อง")
WHOLE = ("ผู้รับบริการ", "ผู้บังคับบัญชา", "เพื่อนร่วมงาน", "ต่อเนื่อง", "แม้ว่า", "มาก่อน")


def test_only_the_spans_of_a_lone_compound_are_unwrapped():
    html = str(nobr("แก่ผู้รับบริการและผู้บังคับบัญชา")) + '<span class="nobr">ข้อ 1.2 (2.50)</span>'
    assert unwrap_compounds(html) == (
        'แก่ผู้รับบริการและผู้บังคับบัญชา<span class="nobr">ข้อ 1.2 (2.50)</span>')


def _lines(width_mm: int) -> list[str]:
    html = (f'<html><body class="report-pdf"><article class="report">'
            f'<p style="width: {width_mm}mm">{TEXT}</p></article></body></html>')
    lines = [line.strip() for line in pdftotext(renderer().pdf(html)).splitlines()]
    return [line for line in lines if line and line != "1 / 1"]  # not the page number


@pytest.mark.parametrize("width_mm", range(22, 70, 3))
def test_no_compound_is_split_across_lines(width_mm):
    lines = _lines(width_mm)
    assert len(lines) > 2  # the paragraph does wrap
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    for before, after in zip(lines, lines[1:], strict=False):
        for word in WHOLE:
            for cut in range(1, len(word)):
                assert not (before.endswith(word[:cut]) and after.startswith(word[cut:])), (
                    width_mm, before, after)


# Compounds seen split in the demo's reports (issue 16 QA): "สูง|สุด" alone on the
# next line of the blind-spot table, "ระยะ|ยาว", "ไว้|วางใจ", "ยิ่ง|ขึ้น",
# "ดำเนิน|เรื่อง", the summary sheet's "ปี|งบประมาณ" and position levels
# "ชำนาญ|การพิเศษ", "ชำนาญ|การ", "ทักษะ|พิเศษ".
MORE = ("นำเสนอวิธีการในการให้บริการที่ผู้รับบริการจะได้รับประโยชน์สูงสุด "
        "คิดถึงผลประโยชน์ของผู้รับบริการในระยะยาว เป็นที่ปรึกษาที่มีส่วนในการตัดสินใจที่ผู้รับบริการ"
        "ไว้วางใจ นำข้อขัดข้องใดๆ ในการให้บริการไปพัฒนาการให้บริการให้ดียิ่งขึ้น "
        "แจ้งให้ผู้รับบริการทราบความคืบหน้าในการดำเนินเรื่อง ประเมินสมรรถนะ รอบที่ 2 ปีงบประมาณ "
        "2569 นักวิชาการเงินและบัญชีชำนาญการพิเศษ นายช่างเทคนิคทักษะพิเศษ "
        "นักวิชาการเงินและบัญชีชำนาญการ เจ้าพนักงานธุรการชำนาญงาน")
MORE_WHOLE = ("สูงสุด", "ระยะยาว", "ไว้วางใจ", "ยิ่งขึ้น", "ดำเนินเรื่อง", "ปีงบประมาณ",
              "ชำนาญการพิเศษ", "ทักษะพิเศษ", "ชำนาญการ", "ชำนาญงาน")


def test_more_compounds_stay_whole_at_every_width():
    splits = []
    for width_mm in range(22, 90, 2):
        html = (f'<html><body class="report-pdf"><article class="report">'
                f'<p style="width: {width_mm}mm">{MORE}</p></article></body></html>')
        lines = [line.strip() for line in pdftotext(renderer().pdf(html)).splitlines()]
        lines = [line for line in lines if line and line != "1 / 1"]
        assert "".join(lines).replace(" ", "") == MORE.replace(" ", "")
        for before, after in zip(lines, lines[1:], strict=False):
            for word in MORE_WHOLE:
                for cut in range(1, len(word)):
                    if before.endswith(word[:cut]) and after.startswith(word[cut:]):
                        splits.append((width_mm, word, cut))
    assert splits == []
