"""Employee import: encodings, every bad row kind, idempotent and all-or-nothing apply."""

import io
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from assessments.imports.employees import employees_apply, employees_plan
from assessments.imports.reading import ImportFileError, read_sheet
from assessments.models import Employee
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

THAI_HEADER = ["เลขประจำตัว", "คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทตำแหน่ง",
               "ระดับตำแหน่ง", "หน่วยงาน", "ผู้บังคับบัญชา", "อีเมล"]
ENGLISH_HEADER = ["employee_number", "title", "first_name", "last_name", "position_name",
                  "position_type", "position_level", "unit_code", "supervisor_number", "email"]
GOOD_ROWS = [
    ["1001", "นาย", "สมชาย", "ใจดี", "ผู้อำนวยการกอง", "อำนวยการ", "ต้น", "B01", "",
     "somchai@example.go.th"],
    ["1002", "นางสาว", "สุดารัตน์", "ใจงาม", "นักทรัพยากรบุคคล", "วิชาการ", "ชำนาญการ", "B01", "1001", ""],
    ["1003", "นาง", "มาลี", "ศรีสุข", "เจ้าพนักงานธุรการ", "general", "senior", "B01", "1001",
     "malee@example.go.th"],
]


def csv_bytes(rows, *, header=THAI_HEADER, encoding="utf-8"):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, *, header=THAI_HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append([int(c) if c.isdigit() else (c or None) for c in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def setup_agency():
    unit = OrgUnitFactory(code="B01")
    return unit.agency


def plan_for(agency, data, name="staff.csv"):
    sheet = read_sheet(data=data, filename=name, kind="employees")
    return employees_plan(agency=agency, rows=sheet.rows), sheet


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp874", "cp874"),
])
def test_csv_encodings_are_detected(encoding, expected):
    agency = setup_agency()
    plan, sheet = plan_for(agency, csv_bytes(GOOD_ROWS, encoding=encoding))
    assert sheet.encoding == expected
    assert not plan.errors
    assert [i["name"] for i in plan.create] == [
        "นายสมชาย ใจดี", "นางสาวสุดารัตน์ ใจงาม", "นางมาลี ศรีสุข"]


def test_tis620_bytes_are_thai_excel_output():
    # Windows-874 writes each Thai letter as one byte: ส is 0xCA.
    assert "ส".encode("cp874") == b"\xca"
    agency = setup_agency()
    plan, _sheet = plan_for(agency, csv_bytes(GOOD_ROWS, encoding="cp874"))
    assert plan.create[1]["row"]["first_name"] == "สุดารัตน์"


def test_xlsx_with_numeric_employee_numbers():
    agency = setup_agency()
    plan, sheet = plan_for(agency, xlsx_bytes(GOOD_ROWS), name="staff.xlsx")
    assert sheet.encoding == "xlsx"
    assert not plan.errors
    assert [i["key"] for i in plan.create] == ["1001", "1002", "1003"]
    assert plan.create[1]["row"]["supervisor_number"] == "1001"


def test_english_headers_and_codes():
    agency = setup_agency()
    rows = [["2001", "", "Ann", "Lee", "HR officer", "knowledge", "professional", "B01", "", ""]]
    plan, _ = plan_for(agency, csv_bytes(rows, header=ENGLISH_HEADER))
    assert not plan.errors
    assert plan.create[0]["row"]["position_level"] == "professional"


def test_missing_required_column_is_a_file_error():
    with pytest.raises(ImportFileError, match="ไม่พบคอลัมน์ที่จำเป็น"):
        read_sheet(data="ชื่อ,นามสกุล\nก,ข\n".encode(), filename="x.csv", kind="employees")


def test_unknown_extension_is_refused():
    with pytest.raises(ImportFileError, match=".csv"):
        read_sheet(data=b"x", filename="x.pdf", kind="employees")


def _errors(plan):
    return {(e["line"], e["message"]) for e in plan.errors}


@pytest.mark.parametrize(("row", "message"), [
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "ZZ9", "", ""],
     "ไม่พบหน่วยงานรหัส “ZZ9”"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "B01", "9999", ""],
     "ไม่พบผู้บังคับบัญชาเลขประจำตัว 9999"),
    (["3001", "นาย", "", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "B01", "", ""],
     "ชื่อหรือนามสกุลว่าง"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "พิเศษ", "ชำนาญการ", "B01", "", ""],
     "ไม่รู้จักประเภทตำแหน่ง “พิเศษ”"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญมาก", "B01", "", ""],
     "ไม่รู้จักระดับตำแหน่ง “ชำนาญมาก”"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "ทั่วไป", "ชำนาญการ", "B01", "", ""],
     "ระดับตำแหน่ง “ชำนาญการ” ใช้กับประเภทตำแหน่ง “ทั่วไป” ไม่ได้"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "B01", "", "not-an-email"],
     "อีเมล “not-an-email” ไม่ถูกต้อง"),
    (["", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "B01", "", ""],
     "ไม่ได้ระบุเลขประจำตัว"),
    (["3001", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "B01", "3001", ""],
     "ลำดับการบังคับบัญชาวนกลับเป็นวง: 3001 → 3001"),
])
def test_each_bad_row_kind_has_a_line_and_a_thai_message(row, message):
    agency = setup_agency()
    plan, _ = plan_for(agency, csv_bytes([GOOD_ROWS[0], row]))
    assert len(plan.errors) == 1, plan.errors
    assert plan.errors[0]["line"] == 3
    assert message in plan.errors[0]["message"]
    assert [i["key"] for i in plan.create] == ["1001"]


def test_duplicate_employee_number_names_the_first_line():
    agency = setup_agency()
    plan, _ = plan_for(agency, csv_bytes([GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]))
    assert _errors(plan) == {(4, "เลขประจำตัว 1001 ซ้ำกับบรรทัดที่ 2 ในไฟล์")}


def test_supervisor_cycle_through_the_database_is_found():
    agency = setup_agency()
    boss = EmployeeFactory(unit__agency=agency, employee_number="1001")
    boss.unit = agency.units.get(code="B01")
    boss.save()
    # In the file: 1001 now reports to 1002, and 1002 to 1001.
    rows = [GOOD_ROWS[0][:8] + ["1002", ""], GOOD_ROWS[1]]
    plan, _ = plan_for(agency, csv_bytes(rows))
    messages = sorted(e["message"] for e in plan.errors)
    assert len(messages) == 2
    assert all("วนกลับเป็นวง" in m for m in messages)
    assert {e["line"] for e in plan.errors} == {2, 3}


def test_username_taken_by_someone_else():
    agency = setup_agency()
    UserFactory(username="1001")
    plan, _ = plan_for(agency, csv_bytes(GOOD_ROWS[:1]))
    assert "ชื่อผู้ใช้ 1001 มีอยู่แล้ว" in plan.errors[0]["message"]


def apply(agency, data, name="staff.csv"):
    sheet = read_sheet(data=data, filename=name, kind="employees")
    return employees_apply(agency=agency, rows=sheet.rows)


def test_apply_creates_people_with_login_and_supervisors():
    agency = setup_agency()
    apply(agency, csv_bytes(GOOD_ROWS))
    staff = {e.employee_number: e for e in Employee.objects.filter(agency=agency)}
    assert staff["1002"].supervisor == staff["1001"]
    assert staff["1002"].position_type == "knowledge"
    assert staff["1002"].position_level == "professional"
    assert staff["1001"].user.username == "1001"
    assert not staff["1001"].user.has_usable_password()
    assert staff["1001"].history.count() >= 1


def test_reimport_of_the_same_file_changes_nothing():
    agency = setup_agency()
    data = csv_bytes(GOOD_ROWS)
    apply(agency, data)
    before = {e.pk: e.history.count() for e in Employee.objects.all()}
    plan, _ = plan_for(agency, data)
    assert not plan.create and not plan.update and len(plan.unchanged) == 3
    apply(agency, data)
    assert {e.pk: e.history.count() for e in Employee.objects.all()} == before


def test_changed_rows_are_updates_with_the_fields_named():
    agency = setup_agency()
    apply(agency, csv_bytes(GOOD_ROWS))
    changed = [GOOD_ROWS[0], GOOD_ROWS[1][:6] + ["ชำนาญการพิเศษ", "B01", "", ""], GOOD_ROWS[2]]
    plan, _ = plan_for(agency, csv_bytes(changed))
    assert [i["key"] for i in plan.update] == ["1002"]
    assert plan.update[0]["changes"] == [
        ["ระดับตำแหน่ง", "ชำนาญการ", "ชำนาญการพิเศษ"], ["ผู้บังคับบัญชา", "1001", ""]]
    apply(agency, csv_bytes(changed))
    e = Employee.objects.get(employee_number="1002")
    assert (e.position_level, e.supervisor) == ("senior_professional", None)


def test_a_file_with_errors_applies_nothing():
    agency = setup_agency()
    bad = GOOD_ROWS + [["1004", "นาย", "ก", "ข", "นักวิชาการ", "วิชาการ", "ชำนาญการ", "ZZ9", "", ""]]
    with pytest.raises(ValidationError, match="ไม่ได้นำเข้าข้อมูลใด ๆ"):
        apply(agency, csv_bytes(bad))
    assert not Employee.objects.filter(agency=agency).exists()


def test_a_failure_midway_rolls_everything_back():
    agency = setup_agency()
    with mock.patch("assessments.imports.employees.bulk_update_with_history",
                    side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):
        apply(agency, csv_bytes(GOOD_ROWS))
    assert not Employee.objects.filter(agency=agency).exists()
    from django.contrib.auth import get_user_model
    assert not get_user_model().objects.filter(username__in=["1001", "1002"]).exists()


def test_other_agency_with_same_numbers_is_not_matched():
    agency = setup_agency()
    other = EmployeeFactory(employee_number="1001", user=None)
    plan, _ = plan_for(agency, csv_bytes(GOOD_ROWS[:1]))
    assert [i["key"] for i in plan.create] == ["1001"]
    assert other.agency != agency
