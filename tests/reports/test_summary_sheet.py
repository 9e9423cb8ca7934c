"""The OCSC summary sheet (issue 16): ค = ก × ข by hand, the competency part
out of the round's weight, a competency without usable answers shown as
"ไม่มีข้อมูลเพียงพอ" and counted by the round's setting; PDF and round XLSX."""

import io

import openpyxl
import pytest
from django.urls import reverse

from competency.scoring import appraisal_sheet
from reports.models import ReportSnapshot
from reports.render import summary_sheet_pdf
from reports.snapshot import round_snapshot_data
from tests.reports.multi_scenario import multi_round, shown_up_to
from tests.reports.pdftext import pdftotext, squeeze


def test_c_column_and_competency_part_by_hand():
    items = [(3, 2), (2, 1), (None, 1), (1, 1)]
    omit = appraisal_sheet(items=items, weight=30)
    assert [line.product for line in omit.lines] == [6, 2, None, 1]  # ค = ก × ข
    assert (omit.product_total, omit.weight_total) == (9, 4)
    assert omit.competency_part == pytest.approx(9 / (3 * 4) * 30)  # 22.5
    zero = appraisal_sheet(items=items, weight=30, missing="zero")
    assert [line.product for line in zero.lines] == [6, 2, 0, 1]
    assert zero.weight_total == 5 and zero.competency_part == pytest.approx(9 / 15 * 30)  # 18
    # Equal weights: domain.md's sum of points / (n x 3) x weight.
    assert appraisal_sheet(items=[(3, 1), (2, 1), (1, 1)]).competency_part == pytest.approx(20)
    with pytest.raises(ValueError):
        appraisal_sheet(items=items, missing="drop")


NO_BASIS = {n: None for n in range(1, 6)}
PLAN = {"102": shown_up_to(3), "101": shown_up_to(2), "105": NO_BASIS}
EXPECTED = {"102": 3, "101": 3, "105": 3}


@pytest.mark.django_db
def test_sheet_weights_missing_competency_pdf_and_round_xlsx(client):
    team = multi_round(plan=PLAN, expected=EXPECTED)
    rnd = team.rnd
    snap = ReportSnapshot.objects.filter(round=rnd).order_by("pk").first()
    summary = snap.data["summary"]
    # 102 shown 3 -> 3 points, 101 shown 2 -> 2, 105 no usable answer: left out
    # by default. (3 + 2) / (3 x 2) x 30 = 25.
    assert [(s["code"], s["points"], s["weight"], s["product"], s["counted"], s["no_data"])
            for s in summary["sheet"]] == [
        ("102", 3, 1, 3, True, False), ("101", 2, 1, 2, True, False),
        ("105", None, 1, None, False, True)]
    assert (summary["points"], summary["max_points"], summary["competency_part"]) == (5, 6, 25.0)
    plain = pdftotext(summary_sheet_pdf(snapshot=snap))
    flat = squeeze(plain)
    for text in ("แบบสรุปผลการประเมินสมรรถนะ", "ไม่มีข้อมูลเพียงพอ", "รวมคะแนน(ค)=(ก)×(ข)",
                 "ไม่นำมาคิด", "ผู้รับการประเมินรับทราบ", snap.data["person"]["name"]):
        assert squeeze(text) in flat, text
    assert "25.00 คะแนน" in plain
    # The round's setting: no usable answers count as 0; weights from the round.
    rnd.missing_competency = "zero"
    rnd.save(update_fields=["missing_competency"])
    rnd.round_competencies.filter(competency__code="102").update(weight=2)
    data = round_snapshot_data(rnd=rnd)[snap.participant_id]["summary"]
    # ค: 3 x 2 = 6, 2 x 1 = 2, 0 x 1 = 0 -> 8 / (3 x 4) x 30 = 20.
    assert [s["product"] for s in data["sheet"]] == [6, 2, 0]
    assert (data["points"], data["max_points"], data["competency_part"]) == (8, 12, 20.0)
    # The whole round as one XLSX, one row per person keyed by employee number.
    client.force_login(team.hr)
    response = client.get(reverse("reports:round_summary_export", args=[rnd.pk, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[0] == "เลขประจำตัว" and "102 รวมคะแนน (ค)" in header
    numbers = [r[0] for r in body]
    assert numbers == sorted(numbers) and len(numbers) == rnd.participants.count()
    first = dict(zip(header, body[0], strict=True))
    assert first["105 ระดับที่แสดง"] == "ไม่มีข้อมูลเพียงพอ" and first["105 รวมคะแนน (ค)"] is None
    assert (first["ผลรวม (ค)"], first["คะแนนองค์ประกอบด้านสมรรถนะ"]) == (5, 25.0)


@pytest.mark.django_db
def test_sheet_prints_thai_digits_when_the_round_asks():
    """The round's digit setting reaches every figure of the sheet, the notes too:
    the gap-points note printed "3 คะแนน ต่ำกว่า 1 ระดับ 2 คะแนน" in Latin digits."""
    team = multi_round(plan={"102": shown_up_to(3), "101": shown_up_to(2)},
                       expected={"102": 3, "101": 3}, thai_digits=True)
    snap = ReportSnapshot.objects.filter(round=team.rnd).order_by("pk").first()
    assert snap.data["round"]["thai_digits"] is True
    plain = pdftotext(summary_sheet_pdf(snapshot=snap))
    # Names and units of the test data carry Latin digits: only the sheet's own text counts.
    data = snap.data
    for given in (data["person"]["name"], data["agency"]["name"], data["person"]["unit"],
                  data["person"]["position"], (data["assessor"] or {}).get("name", ""),
                  data["round"]["name"]):
        plain = plain.replace(given, "")
    assert "ต่ำกว่า ๑ ระดับ ๒ คะแนน" in plain
    assert [line for line in plain.splitlines() if any(c.isascii() and c.isdigit()
                                                       for c in line)] == []
