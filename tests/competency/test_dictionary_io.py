"""The dictionary file layout: export, read back, round trip with Thai intact."""

import json

import pytest
import tablib

from competency.dictionary.layout import COLUMNS, export_bytes, kind_from_text, rows_of
from competency.dictionary.reading import DictionaryFileError, read_rows
from competency.dictionary.spec import spec_of
from competency.dictionary.validation import parse_dictionary
from competency.selectors import competencies_with_indicators, dictionary_specs
from competency.services import dictionary_apply, dictionary_plan
from tests.builders import load_catalogue

pytestmark = pytest.mark.django_db


def _service_mind_spec():
    load_catalogue()
    return spec_of(competencies_with_indicators().get(code="102"))


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_round_trip_is_lossless_with_thai_intact(fmt):
    original = _service_mind_spec()
    data = export_bytes(specs=dictionary_specs(), fmt=fmt)
    raw = read_rows(data=data, filename=f"dictionary.{fmt}")
    specs, errors = parse_dictionary(raw.rows)
    assert errors == []
    assert specs == [original]
    assert "ปัดภาระ" in specs[0].level(2).indicators[0].text_th
    assert specs[0].indicator_count() == 14
    plan = dictionary_plan(specs=specs)
    assert plan.counts == {"create": 0, "revise": 0, "unchanged": 1}
    # Export -> import -> export gives the same rows back.
    assert rows_of(specs) == rows_of(dictionary_specs())


def test_csv_and_json_exports_are_byte_stable():
    load_catalogue()
    for fmt in ("csv", "json"):
        first = export_bytes(specs=dictionary_specs(), fmt=fmt)
        specs, _ = parse_dictionary(read_rows(data=first, filename=f"d.{fmt}").rows)
        assert export_bytes(specs=specs, fmt=fmt) == first


def test_export_layout_one_row_per_indicator():
    load_catalogue()
    data = export_bytes(specs=dictionary_specs(), fmt="xlsx")
    sheet = tablib.Dataset().load(data, format="xlsx")
    assert sheet.headers == list(COLUMNS)
    assert len(sheet) == 14
    assert {row[0] for row in sheet} == {"102"}
    csv_bytes = export_bytes(specs=dictionary_specs(), fmt="csv")
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads the Thai as UTF-8
    items = json.loads(export_bytes(specs=dictionary_specs(), fmt="json"))
    assert items[0]["level"] == 1 and items[0]["indicator_order"] == 1
    assert items[-1]["level_summary_th"].startswith("แสดงสมรรถนะระดับที่ 4 และ")


def test_new_competency_from_a_file_is_created_and_exports_the_same(tmp_path):
    spec = _service_mind_spec()
    rows = rows_of([spec])
    for row in rows:
        row |= {"code": "901", "kind": "สมรรถนะเฉพาะตามลักษณะงาน", "number": 1,
                "name_th": "การคิดวิเคราะห์ (ทดสอบ)"}
        row["indicator_th"] = row["indicator_th"] + " (ทดสอบ)"
    path = tmp_path / "agency.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    specs, errors = parse_dictionary(read_rows(data=path.read_bytes(), filename=path.name).rows)
    assert errors == []
    assert dictionary_plan(specs=specs).counts["create"] == 1
    [rev] = dictionary_apply(specs=specs)
    assert (rev.action, rev.competency.kind, rev.competency.version) == ("created", "functional", 1)
    again = spec_of(competencies_with_indicators().get(code="901"))
    assert again == specs[0]


def test_cp874_csv_is_read():
    data = tablib.Dataset(headers=list(COLUMNS))
    spec = _service_mind_spec()
    for row in rows_of([spec]):
        data.append([row[c] for c in COLUMNS])
    raw = read_rows(data=data.export("csv").encode("cp874"), filename="D.CSV")
    specs, errors = parse_dictionary(raw.rows)
    assert errors == [] and specs == [spec]


def test_headers_any_case_and_extra_columns_are_reported():
    data = tablib.Dataset(headers=[c.upper() for c in COLUMNS] + ["หมายเหตุ"])
    for row in rows_of([_service_mind_spec()]):
        data.append([row[c] for c in COLUMNS] + ["x"])
    raw = read_rows(data=data.export("csv").encode(), filename="d.csv")
    assert raw.ignored_columns == ["หมายเหตุ"]
    assert parse_dictionary(raw.rows)[1] == []


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"x", "d.txt", "รองรับเฉพาะไฟล์"),
        (b"code,kind\n102,core\n", "d.csv", "ไม่พบคอลัมน์ที่จำเป็น"),
        (b"{not json", "d.json", "ไฟล์ JSON ไม่ถูกต้อง"),
        (b'{"code": "102"}', "d.json", "ต้องเป็นรายการ"),
        (b"PK\x03\x04broken", "d.xlsx", "อ่านไฟล์ไม่ได้"),
        (",".join(COLUMNS).encode() + b"\n", "d.csv", "ไม่พบข้อมูล"),
    ],
)
def test_unreadable_files_are_refused_with_a_thai_message(data, filename, message):
    with pytest.raises(DictionaryFileError, match=message):
        read_rows(data=data, filename=filename)


def test_kind_accepts_keys_and_thai_labels():
    assert kind_from_text("CORE") == "core"
    assert kind_from_text("สมรรถนะทางการบริหาร") == "managerial"
    assert kind_from_text("เฉพาะตามลักษณะงาน") == "functional"
    assert kind_from_text("หลักสูตร") is None
