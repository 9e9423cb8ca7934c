"""Hostile and unlucky import files through the HR pages (issue 14): a NUL byte,
values longer than their column, more bad rows than anyone can read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from assessments.imports.plan import ERROR_LIMIT
from assessments.models import Employee, ImportJob, OrgUnit
from tests.factories import HrOfficerFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

HEADER = "เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n"


def hr_client(client):
    hr = HrOfficerFactory()
    OrgUnitFactory(agency=hr.agency, code="B01")
    client.force_login(hr.user)
    return client, hr.agency


def upload(client, agency, text: str, *, kind="employees", name="staff.csv"):
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": kind})
    response = client.post(url, {"file": SimpleUploadedFile(name, text.encode())})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportJob.objects.get(agency=agency, kind=kind)


def test_a_nul_byte_in_a_name_is_a_row_error_at_the_dry_run(client):
    # Before: PostgreSQL refused the preview JSON (\u0000), HTTP 500, job "checking" for ever.
    client, agency = hr_client(client)
    job = upload(client, agency, HEADER + "1001,สม\x00ชาย,ใจดี,นักวิชาการ,วิชาการ,ปฏิบัติการ,B01\r\n")
    assert job.status == ImportJob.Status.INVALID
    [error] = job.report["errors"]
    assert error["line"] == 2 and "ชื่อ" in error["message"] and "อักขระควบคุม" in error["message"]
    page = client.get(reverse("hr:import_job", kwargs={"pk": job.pk}))
    assert page.status_code == 200 and "อักขระควบคุม" in page.content.decode()
    assert not Employee.objects.exists()


def test_a_nul_byte_in_the_key_and_a_unit_name_is_stored_safely(client):
    client, agency = hr_client(client)
    job = upload(client, agency, "รหัสหน่วยงาน,ชื่อหน่วยงาน\r\nX\x00,กอง\x00หนึ่ง\r\n", kind="units")
    assert job.status == ImportJob.Status.INVALID
    assert job.report["counts"]["errors"] == 2
    assert all("\x00" not in e["key"] for e in job.report["errors"])


def test_a_first_name_longer_than_its_column_is_a_row_error_at_the_dry_run(client):
    # Before: the dry run passed, the apply gave HTTP 500 and the job stayed "applying" at 40 %.
    client, agency = hr_client(client)
    long_name = "ก" * 150
    job = upload(client, agency, HEADER + f"1001,{long_name},ใจดี,นักวิชาการ,วิชาการ,ปฏิบัติการ,B01\r\n")
    assert job.status == ImportJob.Status.INVALID
    [error] = job.report["errors"]
    assert "ชื่อ" in error["message"] and "100" in error["message"] and "150" in error["message"]
    response = client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID and not Employee.objects.exists()


@pytest.mark.parametrize(("column", "value"), [
    (0, "9" * 31), (3, "ต" * 201), (2, "น" * 101),
])
def test_every_column_is_checked_against_its_model_field(client, column, value):
    client, agency = hr_client(client)
    cells = ["1001", "สมชาย", "ใจดี", "นักวิชาการ", "วิชาการ", "ปฏิบัติการ", "B01"]
    cells[column] = value
    job = upload(client, agency, HEADER + ",".join(cells) + "\r\n")
    assert job.status == ImportJob.Status.INVALID
    assert any("ยาวเกิน" in e["message"] for e in job.report["errors"])


def test_a_long_unit_name_is_a_row_error(client):
    client, agency = hr_client(client)
    job = upload(client, agency, f"รหัสหน่วยงาน,ชื่อหน่วยงาน\r\nB02,{'ก' * 201}\r\n", kind="units")
    assert job.status == ImportJob.Status.INVALID
    assert "ยาวเกิน" in job.report["errors"][0]["message"]
    assert not OrgUnit.objects.filter(code="B02").exists()


@override_settings(IMPORT_SYNC_MAX_BYTES=1024 * 1024)  # checked in the request, for the test
def test_only_the_first_thousand_row_errors_are_kept_with_a_count_of_the_rest(client):
    client, agency = hr_client(client)
    rows = "".join(f"{n},ก,,x,วิชาการ,ปฏิบัติการ,B01\r\n" for n in range(1, 1501))
    job = upload(client, agency, HEADER + rows)
    assert job.status == ImportJob.Status.INVALID
    assert job.report["counts"]["errors"] == 1500
    assert len(job.report["errors"]) == ERROR_LIMIT == 1000
    assert [e["line"] for e in job.report["errors"]] == list(range(2, 1002))
    page = client.get(reverse("hr:import_job", kwargs={"pk": job.pk})).content.decode()
    assert "แสดง 1,000 รายการแรก ยังมีข้อผิดพลาดอีก 500 รายการ" in page


def test_a_small_xlsx_that_unpacks_big_is_parsed_in_the_worker(client,
                                                                 django_capture_on_commit_callbacks):
    import io
    from unittest import mock

    import openpyxl

    from competency.tabular import xlsx_unpacked_size

    book = openpyxl.Workbook()
    book.active.append(["รหัสหน่วยงาน", "ชื่อหน่วยงาน"])
    for n in range(200):
        book.active.append([f"U{n}", "กองเดียวกัน"])  # repeats compress well
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    unpacked = xlsx_unpacked_size(data)
    assert unpacked > 2 * len(data)
    client, agency = hr_client(client)
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "units"})
    with override_settings(IMPORT_SYNC_MAX_BYTES=(len(data) + unpacked) // 2), \
            mock.patch("assessments.tasks.import_job_run.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"file": SimpleUploadedFile("u.xlsx", data)})
    job = ImportJob.objects.get()
    delay.assert_called_once_with(job.pk, "check")
    assert job.status == ImportJob.Status.UPLOADED  # not parsed in the web request
