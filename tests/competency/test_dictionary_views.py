"""HR pages of the dictionary, the commands and the admin's version list."""

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from competency.dictionary.layout import export_bytes, rows_of
from competency.models import Competency, Indicator
from competency.selectors import dictionary_specs
from tests.builders import load_catalogue, make_team
from tests.factories import HrOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _hr_client():
    client = Client()
    client.force_login(HrOfficerFactory().user)
    return client


def _edited_json(text="ให้การบริการที่เป็นมิตร สุภาพ และยิ้มแย้ม") -> bytes:
    rows = rows_of(dictionary_specs())
    rows[0]["indicator_th"] = text
    return json.dumps(rows, ensure_ascii=False).encode()


def _upload(client, data: bytes, name: str, **extra):
    return client.post(reverse("hr:dictionary_import_upload"),
                       {"file": SimpleUploadedFile(name, data), "cumulative": "on", **extra})


def test_index_lists_versions_and_export_buttons():
    team = make_team(size=1)
    from competency.services import competency_revise

    competency_revise(competency=team.competency, fields={"name_en": "Service Mind 2"})
    response = Client()
    response.force_login(team.hr)
    page = response.get(reverse("hr:dictionary_index")).content.decode()
    assert "ฉบับที่ 2" in page and "ฉบับที่ 1" in page and "ฉบับปัจจุบัน" in page
    for fmt in ("xlsx", "csv", "json"):
        assert reverse("hr:dictionary_export", args=[fmt]) in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_downloads(fmt):
    load_catalogue()
    response = _hr_client().get(reverse("hr:dictionary_export", args=[fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    expected = export_bytes(specs=dictionary_specs(), fmt=fmt)
    if fmt == "xlsx":  # the workbook stamps its creation time: compare the cells
        def rows(content):
            return list(openpyxl.load_workbook(io.BytesIO(content)).active.values)
        assert rows(response.content) == rows(expected)
    else:
        assert response.content == expected


def test_upload_preview_apply_makes_a_new_version_when_a_round_uses_it():
    team = make_team(size=1)
    client = Client()
    client.force_login(team.hr)
    response = _upload(client, _edited_json(), "mine.json")
    assert response.status_code == 302
    preview = client.get(response.url)
    page = preview.content.decode()
    assert "สร้างฉบับใหม่" in page and "1.1" in page and "ยืนยันการนำเข้า" in page
    assert Competency.objects.filter(code="102").count() == 1  # a preview writes nothing
    apply_url = reverse("hr:dictionary_import_apply", args=[preview.context["token"]])
    done = client.post(apply_url, follow=True)
    assert "นำเข้าพจนานุกรมสมรรถนะเรียบร้อยแล้ว" in done.content.decode()
    assert list(Competency.objects.filter(code="102").values_list("version", "is_active")
                .order_by("version")) == [(1, False), (2, True)]
    # The upload is gone once applied.
    assert client.post(apply_url).status_code == 404


def test_preview_shows_row_errors_in_thai_and_apply_refuses():
    load_catalogue()
    client = _hr_client()
    rows = rows_of(dictionary_specs())
    rows[3]["level"] = 7
    rows[5]["kind"] = "อื่นๆ"
    response = _upload(client, json.dumps(rows, ensure_ascii=False).encode(), "bad.json")
    preview = client.get(response.url)
    page = preview.content.decode()
    assert "ระดับ (level) ต้องเป็นเลข 1 ถึง 5" in page
    assert "ยืนยันการนำเข้า" not in page
    before = list(Indicator.objects.values_list("pk", "text_th"))
    apply = client.post(reverse("hr:dictionary_import_apply", args=[preview.context["token"]]))
    assert apply.status_code == 302
    assert list(Indicator.objects.values_list("pk", "text_th")) == before


def test_preview_of_an_unreadable_file():
    client = _hr_client()
    response = _upload(client, b"code,kind\n1,core\n", "x.csv")
    page = client.get(response.url).content.decode()
    assert "ไม่พบคอลัมน์ที่จำเป็น" in page


def test_upload_refuses_other_extensions():
    response = _upload(_hr_client(), b"hello", "x.txt")
    assert response.status_code == 200
    assert "รองรับเฉพาะไฟล์ .xlsx, .csv และ .json" in response.content.decode()


def test_another_hr_officer_cannot_open_my_upload():
    load_catalogue()
    response = _upload(_hr_client(), _edited_json(), "mine.json")
    assert _hr_client().get(response.url).status_code == 404


def test_superuser_without_hr_role_manages_the_dictionary():
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("hr:dictionary_index")).status_code == 200


def test_nav_link_only_for_hr():
    load_catalogue()
    client = _hr_client()
    assert reverse("hr:dictionary_index") in client.get(reverse("home")).content.decode()
    other = Client()
    other.force_login(UserFactory())
    assert reverse("hr:dictionary_index") not in other.get(reverse("home")).content.decode()


def test_admin_lists_versions():
    team = make_team(size=1)
    from competency.services import competency_revise

    v2 = competency_revise(competency=team.competency, fields={"name_en": "v2"}).competency
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:competency_competency_changelist")).content.decode()
    assert "column-version" in page and "column-rounds_in_use" in page
    filtered = client.get(reverse("admin:competency_competency_changelist") + "?version=2")
    assert list(filtered.context["cl"].result_list) == [v2]
    # The version a round opened with is read-only; the new one is editable.
    old_url = reverse("admin:competency_competency_change", args=[team.competency.pk])
    assert client.post(old_url, {"code": "102"}).status_code == 403
    assert client.get(reverse("admin:competency_competency_change", args=[v2.pk])
                      ).context["has_change_permission"] is True


def test_commands_export_then_dry_run_then_apply(tmp_path, capsys):
    make_team(size=1)
    out = tmp_path / "d.xlsx"
    call_command("export_dictionary", "--format", "xlsx", "--out", str(out))
    assert "1 competencies, 14 rows" in capsys.readouterr().out
    call_command("import_dictionary", str(out))
    assert "unchanged 1" in capsys.readouterr().out
    edited = tmp_path / "edited.json"
    edited.write_bytes(_edited_json())
    call_command("import_dictionary", str(edited))
    dry = capsys.readouterr().out
    assert "revise (new version): 1.1" in dry and "dry run" in dry
    assert Competency.objects.filter(code="102").count() == 1
    call_command("import_dictionary", str(edited), "--apply")
    assert "102 v2: new_version" in capsys.readouterr().out
    assert Competency.objects.get(code="102", is_active=True).version == 2


def test_import_command_prints_row_errors_and_imports_nothing(tmp_path, capsys):
    load_catalogue()
    rows = rows_of(dictionary_specs())
    for row in rows:
        if row["level"] == 2:  # level 2 no longer builds on level 1
            row["level_summary_th"] = "ช่วยแก้ปัญหา"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_dictionary", str(bad), "--apply")
    assert "คำอธิบายระดับที่ 2 ต้องต่อยอด" in capsys.readouterr().err
    assert Competency.objects.get().version == 1
    call_command("import_dictionary", str(bad), "--apply", "--no-cumulative")
    assert Competency.objects.get(is_active=True).version == 1  # no round: edited in place


def test_import_command_refuses_a_missing_or_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_dictionary", str(tmp_path / "nope.csv"))
    bad = tmp_path / "d.txt"
    bad.write_text("x")
    with pytest.raises(CommandError, match="รองรับเฉพาะไฟล์"):
        call_command("import_dictionary", str(bad))


HOSTILE_CELLS = {"nul": ("indicator_th", "ให้บริการ\x00ด้วยความเต็มใจ", "มีอักขระควบคุม"),
                 "long-name": ("name_th", "ก" * 250, "ยาวเกิน 200 ตัวอักษร"),
                 "long-code": ("code", "9" * 30, "ยาวเกิน 20 ตัวอักษร")}


@pytest.mark.parametrize("column, value, message, fmt", [
    pytest.param(*cell, fmt, id=f"{fmt}-{name}")
    for name, cell in HOSTILE_CELLS.items() for fmt in ("json", "csv", "xlsx")
    if not (fmt == "xlsx" and name == "nul")  # XML 1.0 (so XLSX) has no NUL at all
])
def test_a_nul_or_an_over_long_value_is_a_row_error_at_the_preview_never_a_500(
        column, value, message, fmt):
    """Hostile input (issue 14): as with the organisation import, a NUL
    (PostgreSQL cannot store it) or a value longer than its column is named
    at the preview, in Thai, with its line; nothing is applied."""
    load_catalogue()
    client = _hr_client()
    rows = rows_of(dictionary_specs())
    for row in rows if column in ("name_th", "code") else rows[:1]:
        row[column] = value  # a competency's columns repeat on each of its rows
    data = {"json": lambda: json.dumps(rows, ensure_ascii=False).encode(),
            "csv": lambda: _csv(rows), "xlsx": lambda: _xlsx(rows)}[fmt]()
    response = _upload(client, data, f"hostile.{fmt}")
    assert response.status_code == 302, response.content[:500]
    preview = client.get(response.url)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert message in page and column in page
    assert "ยืนยันการนำเข้า" not in page
    before = list(Indicator.objects.values_list("pk", "text_th"))
    client.post(reverse("hr:dictionary_import_apply", args=[preview.context["token"]]))
    assert list(Indicator.objects.values_list("pk", "text_th")) == before


def _csv(rows) -> bytes:
    import csv
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
