"""Exports and the heatmap read the report snapshots, so they show what the reports show."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from assessments.models import Round
from reports.exports import round_heatmap, round_results_dataset
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def released():
    rated = rated_round(state=Round.State.RELEASED)
    round_snapshots_update(rnd=rated.rnd)
    return rated


def test_results_xlsx_one_row_per_participant_equal_to_the_snapshots(client):
    rated = released()
    client.force_login(rated.team.hr)
    url = reverse("reports:round_results_export", kwargs={"pk": rated.rnd.pk, "fmt": "xlsx"})
    response = client.get(url)
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:6] == ("เลขประจำตัว", "ชื่อ-นามสกุล", "หน่วยงาน", "ตำแหน่ง",
                          "ประเภทตำแหน่ง", "ระดับตำแหน่ง")
    assert "102 ระดับที่แสดง" in header and "102 คะแนนระดับ 5" in header
    assert len(body) == ReportSnapshot.objects.filter(round=rated.rnd).count() == 5
    shown_col = header.index("102 ระดับที่แสดง")
    score_col = header.index("102 คะแนนระดับ 3")
    for row in body:
        snap = ReportSnapshot.objects.get(round=rated.rnd,
                                          participant__employee__employee_number=row[0])
        comp = snap.data["competencies"][0]
        assert row[shown_col] == comp["shown_level"]
        assert row[score_col] == comp["levels"][2]["score"]


def test_small_group_is_left_out_exactly_as_in_the_report():
    rated = released()
    data = round_results_dataset(rnd=rated.rnd)
    number = rated.small.employee.employee_number
    row = next(r for r in data.dict if r["เลขประจำตัว"] == number)
    snap = ReportSnapshot.objects.get(participant=rated.small).data["competencies"][0]
    # The two peers of "small" are below the minimum: the report's figures leave
    # them out, and so does the export (same numbers, not a recomputation).
    assert row["102 คะแนนระดับ 1"] == snap["levels"][0]["score"]
    assert row["102 ระดับที่แสดง"] == snap["shown_level"]


def test_results_csv_has_a_bom_and_thai_headers(client):
    rated = released()
    client.force_login(rated.team.hr)
    url = reverse("reports:round_results_export", kwargs={"pk": rated.rnd.pk, "fmt": "csv"})
    content = client.get(url).content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "เลขประจำตัว" and len(rows) == 6


def test_non_responders_export(client):
    rated = rated_round(state=Round.State.OPEN)
    client.force_login(rated.team.hr)
    url = reverse("reports:round_non_responders_export", kwargs={"pk": rated.rnd.pk, "fmt": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    assert ws.cell(1, 5).value == "แบบประเมินที่ยังไม่ส่ง"
    assert ws.max_row == 1  # the scenario submits every form


def test_results_export_waits_for_closing(client):
    rated = rated_round(state=Round.State.OPEN)
    client.force_login(rated.team.hr)
    url = reverse("reports:round_results_export", kwargs={"pk": rated.rnd.pk, "fmt": "xlsx"})
    assert client.get(url).status_code == 302


def test_heatmap_counts_levels_per_unit_and_drills_down(client):
    rated = released()
    comps, chosen, rows = round_heatmap(rnd=rated.rnd)
    assert chosen == "102" and len(rows) == 1
    row = rows[0]
    assert row.total == 5 and sum(row.levels.values()) + row.no_result == 5
    client.force_login(rated.team.hr)
    heatmap = reverse("reports:round_heatmap", kwargs={"pk": rated.rnd.pk})
    page = client.get(heatmap).content.decode()
    assert "ถึงระดับที่คาดหวัง" in page and rated.team.unit.name_th in page
    drill = reverse("reports:round_heatmap_unit", kwargs={"pk": rated.rnd.pk,
                                                      "unit_id": rated.team.unit.pk})
    assert drill in page
    page = client.get(drill).content.decode()
    assert rated.ratee.employee.first_name in page


def test_missing_page_and_allow_late(client):
    rated = rated_round(state=Round.State.OPEN)
    from assessments.models import Assignment

    form = Assignment.objects.filter(round=rated.rnd).first()
    Assignment.objects.filter(pk=form.pk).update(status=Assignment.Status.PENDING)
    client.force_login(rated.team.hr)
    page = client.get(reverse("hr:round_missing", kwargs={"pk": rated.rnd.pk})).content.decode()
    assert form.rater.full_name in page
    client.post(reverse("hr:round_allow_late", kwargs={"pk": rated.rnd.pk,
                                                        "employee_id": form.rater_id}),
                {"allow": "1"})
    form.refresh_from_db()
    assert form.allow_late
