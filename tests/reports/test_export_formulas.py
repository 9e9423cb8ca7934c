"""No spreadsheet the portal writes can execute what a user typed (issue 14).

A person imported as ``=HYPERLINK("http://x","y")`` became a live formula in
the results XLSX and the non-responders XLSX, and the CSV had no leading
``'``. Every XLSX and CSV goes through ``competency.tabular`` (``xlsx_bytes``
and ``csv_bytes``): here each export is downloaded with values starting with
``=``, ``+``, ``-``, ``@``, tab and CR in the names, unit, position, e-mail
and the competency dictionary, and each such value comes back as a text
cell (XLSX data type ``s``, never ``f``) or with a leading ``'`` (CSV).

The import templates hold only the portal's own headers and example row
(no user data), so they are not listed here; they use the same writers.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.imports.employees import employees_apply, employees_plan
from assessments.imports.reading import read_sheet
from assessments.models import Assignment, Employee
from assessments.services import assignment_save, round_close, round_open, round_release
from assessments.services.ratings import round_indicator_ids
from competency.models import Indicator
from competency.tabular import FORMULA_STARTS
from reports.services import round_snapshots_update
from tests.builders import make_team

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
# With the values below, every first character Excel reads as a formula:
# = (HYPERLINK, a name), tab (the unit), CR and @ (positions), - (an e-mail),
# + (an indicator).
UNIT_NAME = "\t=1+1"
OTHER = {"first_name": "=2+2", "last_name": "@me", "position_name": "\r@x"}
INDICATOR = "+cmd|' /C calc'!A0"


def _import_person(team) -> Employee:
    """The HYPERLINK person through the real employee import (CSV, dry run, apply)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["เลขประจำตัว", "คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทตำแหน่ง",
                     "ระดับตำแหน่ง", "หน่วยงาน", "ผู้บังคับบัญชา", "อีเมล"])
    writer.writerow(["990001", "", HYPERLINK, "-3", "@SUM(A1)", "วิชาการ", "ปฏิบัติการ",
                     team.unit.code, team.boss.employee_number, ""])
    sheet = read_sheet(data=out.getvalue().encode(), filename="staff.csv", kind="employees")
    assert not employees_plan(agency=team.agency, rows=sheet.rows).errors
    employees_apply(agency=team.agency, rows=sheet.rows)
    return Employee.objects.get(agency=team.agency, employee_number="990001")


@pytest.fixture
def hostile_round():
    """A released round whose people, unit and catalogue carry formula-like text.

    The imported person rates nobody's form (their own stays open), so they are
    also a non-responder."""
    team = make_team(size=2, open_round=False)
    team.unit.name_th = UNIT_NAME
    team.unit.save()
    imported = _import_person(team)
    Employee.objects.filter(pk=team.staff[0].pk).update(title="", **OTHER)
    Employee.objects.filter(pk=team.staff[1].pk).update(title="", email="-x@example.go.th")
    # The catalogue as HR may import it: a name and an indicator that look like formulas.
    indicator = Indicator.objects.filter(level__competency=team.competency).order_by("pk")[0]
    indicator.text_th = INDICATOR
    indicator.save()
    team.competency.name_th = HYPERLINK
    team.competency.save()
    rnd = round_open(rnd=team.rnd)
    answers = dict.fromkeys(round_indicator_ids(rnd=rnd), 2)
    for form in Assignment.objects.filter(round=rnd).exclude(rater=imported):
        assignment_save(assignment=form, rater=form.rater, answers=answers, submit=True)
    round_close(rnd=rnd)
    round_release(rnd=rnd)
    round_snapshots_update(rnd=rnd)
    return team, rnd


def _xlsx_strings(content: bytes) -> set[str]:
    """Every text cell of every sheet; fails on any formula cell."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    if cell.value.startswith((*FORMULA_STARTS, "\n")):
                        assert cell.quotePrefix, cell.coordinate  # stays text when edited
                    found.add(cell.value)
    return found


def _csv_fields(content: bytes) -> set[str]:
    """Every field; fails on any field a spreadsheet would read as a formula."""
    text = content.decode("utf-8-sig")
    fields = {f for row in csv.reader(io.StringIO(text, newline="")) for f in row}
    live = [f for f in fields if f.startswith(FORMULA_STARTS)]
    assert not live, f"fields that would run as formulas: {live}"
    return fields


def _check(content: bytes, fmt: str, expected: set[str]) -> None:
    if fmt == "xlsx":
        strings = _xlsx_strings(content)
        # XML reads a CR back as a line feed (a cell never starts with a CR in Excel).
        missing = {v.replace("\r", "\n") for v in expected} - strings
    else:
        fields = _csv_fields(content)
        missing = {v for v in expected if "'" + v not in fields}
    assert not missing, f"values not found as neutralised text: {missing}"


def _get(client, team, name, **kwargs):
    client.force_login(team.hr)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_results_export(client, hostile_round, fmt):
    team, rnd = hostile_round
    content = _get(client, team, "reports:round_results_export", pk=rnd.pk, fmt=fmt)
    # Names are "first last" (no title): the imported one starts with the formula.
    _check(content, fmt, {f"{HYPERLINK} -3", "=2+2 @me", UNIT_NAME, "@SUM(A1)", "\r@x"})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_non_responders_export(client, hostile_round, fmt):
    team, rnd = hostile_round
    Assignment.objects.filter(round=rnd, rater=team.staff[1]).update(
        status=Assignment.Status.DRAFT)
    content = _get(client, team, "reports:round_non_responders_export", pk=rnd.pk, fmt=fmt)
    _check(content, fmt, {f"{HYPERLINK} -3", UNIT_NAME, "-x@example.go.th"})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dictionary_export(client, hostile_round, fmt):
    team, _rnd = hostile_round
    content = _get(client, team, "hr:dictionary_export", fmt=fmt)
    _check(content, fmt, {HYPERLINK, INDICATOR})


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_dictionary_export_command(hostile_round, fmt, tmp_path):
    out = tmp_path / f"dictionary.{fmt}"
    call_command("export_dictionary", "--format", fmt, "--out", str(out))
    _check(out.read_bytes(), fmt, {HYPERLINK, INDICATOR})

