"""Unit import, templates, and the import job (size cap, dry run, apply)."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from assessments.imports import (
    import_job_apply,
    import_job_check,
    import_job_create,
    import_template,
)
from assessments.imports.reading import read_sheet
from assessments.imports.units import units_apply, units_plan
from assessments.models import Employee, ImportJob, OrgUnit
from tests.factories import AgencyFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

UNITS = "รหัสหน่วยงาน,ชื่อหน่วยงาน,หน่วยงานต้นสังกัด,ประเภท\r\n" \
        "D,กรมทดสอบ,,กรม\r\nB01,สำนักบริหารทรัพยากรบุคคล,D,สำนัก/กอง\r\n" \
        "G01,กลุ่มงานสรรหา,B01,กลุ่มงาน\r\n"


def plan(agency, text, encoding="utf-8"):
    sheet = read_sheet(data=text.encode(encoding), filename="u.csv", kind="units")
    return units_plan(agency=agency, rows=sheet.rows), sheet.rows


def test_units_in_any_order_with_parents_later_in_the_file():
    agency = AgencyFactory()
    lines = UNITS.splitlines()
    text = "\r\n".join([lines[0], lines[3], lines[2], lines[1]])
    p, rows = plan(agency, text, "cp874")
    assert not p.errors and len(p.create) == 3
    units_apply(agency=agency, rows=rows)
    g = OrgUnit.objects.get(agency=agency, code="G01")
    assert (g.parent.code, g.parent.parent.code, g.kind) == ("B01", "D", "group")
    p, _ = plan(agency, text)
    assert len(p.unchanged) == 3 and not p.create and not p.update


@pytest.mark.parametrize(("line", "message"), [
    ("X1,,D,กรม", "ไม่ได้ระบุชื่อหน่วยงาน"),
    ("X1,หน่วย,NOPE,กรม", "ไม่พบหน่วยงานต้นสังกัดรหัส NOPE"),
    ("X1,หน่วย,D,แผนก", "ไม่รู้จักประเภทหน่วยงาน “แผนก”"),
    ("B01,ซ้ำ,D,กรม", "รหัสหน่วยงาน B01 ซ้ำกับบรรทัดที่ 3 ในไฟล์"),
    ("X1,หน่วย,X1,กรม", "วนกลับเป็นวง"),
])
def test_bad_unit_rows(line, message):
    agency = AgencyFactory()
    p, _ = plan(agency, UNITS + line + "\r\n")
    assert [e["line"] for e in p.errors] == [5]
    assert message in p.errors[0]["message"]


def test_parent_cycle_across_rows():
    agency = AgencyFactory()
    p, _ = plan(agency, "รหัสหน่วยงาน,ชื่อหน่วยงาน,หน่วยงานต้นสังกัด\r\nA,ก,B\r\nB,ข,A\r\n")
    assert {e["line"] for e in p.errors} == {2, 3}
    assert "A → B → A" in p.errors[0]["message"] or "B → A → B" in p.errors[0]["message"]


@pytest.mark.parametrize("kind", ["units", "employees"])
def test_templates_read_back_cleanly(kind):
    xlsx = import_template(kind=kind, fmt="xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert ws.cell(1, 1).value in ("รหัสหน่วยงาน", "เลขประจำตัว")
    csv = import_template(kind=kind, fmt="csv")
    assert csv.startswith(b"\xef\xbb\xbf")
    for data, name in ((xlsx, "t.xlsx"), (csv, "t.csv")):
        assert len(read_sheet(data=data, filename=name, kind=kind).rows) == 1


def upload(text, name="staff.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@override_settings(IMPORT_MAX_BYTES=50)
def test_file_over_the_cap_gets_a_clear_message():
    agency = AgencyFactory()
    with pytest.raises(ValidationError, match="เกินขนาดสูงสุดที่รับได้"):
        import_job_create(agency=agency, kind="units", upload=upload(UNITS), by=UserFactory())
    assert not ImportJob.objects.exists()


def test_job_dry_run_then_apply_then_apply_again():
    agency = AgencyFactory()
    OrgUnitFactory(agency=agency, code="B01")
    text = ("เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n"
            "1,ก,ข,นักวิชาการ,วิชาการ,ปฏิบัติการ,B01\r\n")
    job = import_job_create(agency=agency, kind="employees", upload=upload(text),
                            by=UserFactory())
    job = import_job_check(job=job)
    assert job.status == ImportJob.Status.CHECKED
    assert job.report["counts"] == {"create": 1, "update": 0, "unchanged": 0, "errors": 0}
    assert not Employee.objects.exists()  # a dry run writes nothing
    import_job_apply(job=job)
    import_job_apply(job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and job.progress == 100
    assert Employee.objects.filter(agency=agency).count() == 1


def test_job_with_bad_rows_cannot_be_applied():
    agency = AgencyFactory()
    text = "เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n1,ก,ข,x,y,z,B9\r\n"
    job = import_job_check(job=import_job_create(
        agency=agency, kind="employees", upload=upload(text), by=UserFactory()))
    assert job.status == ImportJob.Status.INVALID
    assert job.report["counts"]["errors"] == 3
    with pytest.raises(ValidationError):
        import_job_apply(job=job)


def test_unreadable_file_is_recorded_on_the_job():
    agency = AgencyFactory()
    job = import_job_create(agency=agency, kind="units",
                            upload=SimpleUploadedFile("u.xlsx", b"not a zip"), by=UserFactory())
    job = import_job_check(job=job)
    assert job.status == ImportJob.Status.INVALID
    assert "อ่านไฟล์ไม่ได้" in job.error
