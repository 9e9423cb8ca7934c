"""The import pages as HR uses them: upload, preview, apply; the size cap message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from assessments.models import Employee, ImportJob, OrgUnit
from tests.factories import HrOfficerFactory

pytestmark = pytest.mark.django_db

UNITS = "รหัสหน่วยงาน,ชื่อหน่วยงาน,หน่วยงานต้นสังกัด,ประเภท\r\nD,กรมทดสอบ,,กรม\r\nB01,กองหนึ่ง,D,กอง\r\n"


def hr_client(client):
    hr = HrOfficerFactory()
    client.force_login(hr.user)
    return client, hr.agency


def test_upload_preview_apply(client):
    client, agency = hr_client(client)
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "units"})
    response = client.post(url, {"file": SimpleUploadedFile("u.csv", UNITS.encode("cp874"))})
    job = ImportJob.objects.get()
    assert response.url == reverse("hr:import_job", kwargs={"pk": job.pk})
    page = client.get(response.url).content.decode()
    assert "จะเพิ่มใหม่" in page and "กองหนึ่ง" in page and "cp874" in page
    assert not OrgUnit.objects.filter(agency=agency).exists()
    client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    assert set(OrgUnit.objects.filter(agency=agency).values_list("code", flat=True)) == {"D", "B01"}
    status = client.get(reverse("hr:import_job_status", kwargs={"pk": job.pk})).json()
    assert status == {"status": "applied", "progress": 100, "running": False}


def test_preview_lists_bad_rows_and_offers_no_apply(client):
    client, agency = hr_client(client)
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "employees"})
    text = "เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n1,ก,,x,วิชาการ,ต้น,Z\r\n"
    response = client.post(url, {"file": SimpleUploadedFile("e.csv", text.encode())}, follow=True)
    page = response.content.decode()
    assert "ชื่อหรือนามสกุลว่าง" in page and "ไม่พบหน่วยงานรหัส “Z”" in page
    assert "ยืนยันการนำเข้า" not in page
    job = ImportJob.objects.get()
    client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    assert not Employee.objects.exists()


@override_settings(IMPORT_MAX_BYTES=20)
def test_oversized_file_is_refused_with_a_message(client):
    client, agency = hr_client(client)
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "units"})
    page = client.post(url, {"file": SimpleUploadedFile("u.csv", UNITS.encode())}).content
    assert "เกินขนาดสูงสุดที่รับได้" in page.decode()
    assert not ImportJob.objects.exists()


@override_settings(IMPORT_SYNC_MAX_BYTES=10)
def test_large_files_go_to_the_worker_after_commit(client, django_capture_on_commit_callbacks):
    from unittest import mock

    client, agency = hr_client(client)
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "units"})
    with mock.patch("assessments.tasks.import_job_run.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("u.csv", UNITS.encode())})
    job = ImportJob.objects.get()
    delay.assert_called_once_with(job.pk, "check")
    page = client.get(response.url).content.decode()
    assert "data-status-url" in page and "hr-import.js" in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_download(client, fmt):
    client, agency = hr_client(client)
    response = client.get(reverse("hr:import_template",
                                  kwargs={"agency": agency.code, "kind": "employees", "fmt": fmt}))
    assert response.status_code == 200
    assert "template-employees" in response["Content-Disposition"]
