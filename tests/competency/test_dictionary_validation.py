"""Every way a dictionary file can break the model is refused, with the line."""

import pytest

from competency.dictionary.layout import COLUMNS
from competency.dictionary.validation import parse_dictionary


def _rows(code="901", *, per_level=2, cumulative=True, start=2):
    """A valid small competency in the layout: (line, row) pairs."""
    rows = []
    for level in range(1, 6):
        summary = (f"แสดงสมรรถนะระดับที่ {level - 1} และทำสิ่งที่ยากขึ้น {level}"
                   if cumulative and level > 1 else f"ทำงานได้ตามมาตรฐาน {level}")
        for order in range(1, per_level + 1):
            rows.append({
                "code": code, "kind": "functional", "number": "1",
                "name_th": f"สมรรถนะ {code}", "name_en": "", "definition_th": "คำจำกัดความ",
                "definition_en": "", "level": str(level), "level_summary_th": summary,
                "level_summary_en": "", "indicator_order": str(order),
                "indicator_th": f"พฤติกรรม {code} {level}.{order}", "indicator_en": "",
            })
    assert set(rows[0]) == set(COLUMNS)
    return list(enumerate(rows, start=start))


def _errors(rows, **kwargs):
    specs, errors = parse_dictionary(rows, **kwargs)
    return specs, [(e.line, e.code, e.message) for e in errors]


def _set(rows, line, **values):
    return [(n, r | values) if n == line else (n, r) for n, r in rows]


def test_a_valid_file_gives_one_spec_per_code():
    specs, errors = _errors(_rows("901") + _rows("902", start=12))
    assert errors == []
    assert [s.code for s in specs] == ["901", "902"]
    assert [len(lv.indicators) for lv in specs[0].levels] == [2, 2, 2, 2, 2]
    assert specs[1].line == 12


def test_a_level_without_indicators():
    rows = _rows(per_level=1)
    rows = _set(rows, 4, indicator_order="", indicator_th="")  # level 3 names itself only
    specs, errors = _errors(rows)
    assert specs == []
    assert errors == [(4, "901", "ระดับที่ 3 ไม่มีพฤติกรรมบ่งชี้")]


def test_a_missing_level():
    rows = [(n, r) for n, r in _rows() if r["level"] != "4"]
    _, errors = _errors(rows)
    assert errors == [(2, "901", "ต้องมีระดับ 1 ถึง 5 ครบทุกระดับ: ขาดระดับ 4")]


@pytest.mark.parametrize("level", ["0", "6", "x", ""])
def test_a_level_outside_1_to_5(level):
    _, errors = _errors(_set(_rows(), 5, level=level))
    assert errors[0][0] == 5
    assert errors[0][2].startswith("ระดับ (level) ต้องเป็นเลข 1 ถึง 5")


def test_duplicate_code_in_two_places():
    rows = _rows("901") + _rows("902", start=12) + _rows("901", start=22)
    specs, errors = _errors(rows)
    assert errors[0][:2] == (22, "901")
    assert "รหัสสมรรถนะ 901 ซ้ำ: พบแล้วที่บรรทัด 2" in errors[0][2]
    assert len(errors) == 1  # reported once per block, not once per row
    assert [s.code for s in specs] == ["902"]  # which 901 was meant is anyone's guess


def test_the_same_indicator_twice():
    rows = _rows()
    rows = _set(rows, 3, indicator_order="1", indicator_th="อีกข้อหนึ่ง")
    _, errors = _errors(rows)
    assert (3, "901", "พฤติกรรมบ่งชี้ระดับที่ 1 ข้อ 1 ซ้ำกับบรรทัด 2") in errors


def test_the_same_indicator_text_twice():
    rows = _set(_rows(), 5, indicator_th="พฤติกรรม 901 1.1")
    _, errors = _errors(rows)
    assert errors == [(5, "901", "ข้อความพฤติกรรมบ่งชี้ซ้ำกับบรรทัด 2")]


def test_indicator_orders_with_a_gap():
    _, errors = _errors(_set(_rows(), 3, indicator_order="3"))
    assert errors == [(2, "901", "ลำดับพฤติกรรมบ่งชี้ของระดับที่ 1 ต้องเป็น 1 ถึง 2 "
                                 "ไม่เว้นช่วง (พบ 1, 3)")]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("name_th", "ไม่มีชื่อสมรรถนะภาษาไทย (name_th)"),
        ("definition_th", "ไม่มีคำจำกัดความภาษาไทย (definition_th)"),
    ],
)
def test_empty_competency_texts(column, message):
    rows = [(n, r | {column: ""}) for n, r in _rows()]
    specs, errors = _errors(rows)
    assert specs == [] and errors == [(2, "901", message)]


def test_empty_level_summary():
    rows = [(n, r | {"level_summary_th": ""}) if r["level"] == "2" else (n, r)
            for n, r in _rows()]
    _, errors = _errors(rows)
    assert errors == [(4, "901", "ไม่มีคำอธิบายระดับที่ 2 ภาษาไทย (level_summary_th)")]


def test_empty_indicator_text():
    _, errors = _errors(_set(_rows(), 6, indicator_th=""))
    assert errors == [(6, "901", "ไม่มีข้อความพฤติกรรมบ่งชี้ภาษาไทย (indicator_th) ระดับที่ 3 ข้อ 1")]


def test_empty_code():
    _, errors = _errors(_set(_rows(), 7, code=""))
    assert (7, "", "ไม่มีรหัสสมรรถนะ (code)") in errors


@pytest.mark.parametrize("kind", ["core", "managerial", "functional", "สมรรถนะหลัก",
                                  "สมรรถนะทางการบริหาร", "สมรรถนะเฉพาะตามลักษณะงาน"])
def test_known_kinds(kind):
    specs, errors = _errors([(n, r | {"kind": kind}) for n, r in _rows()])
    assert errors == [] and specs[0].kind in ("core", "managerial", "functional")


def test_unknown_kind():
    specs, errors = _errors([(n, r | {"kind": "สมรรถนะพิเศษ"}) for n, r in _rows()])
    assert specs == []
    assert errors[0][:2] == (2, "901") and "ประเภทสมรรถนะ \"สมรรถนะพิเศษ\" ไม่รู้จัก" in errors[0][2]


def test_bad_number_in_kind():
    _, errors = _errors([(n, r | {"number": "สอง"}) for n, r in _rows()])
    assert errors == [(2, "901", "ลำดับในประเภท (number) ต้องเป็นจำนวนเต็มบวก")]


def test_competency_columns_must_repeat_the_same_values():
    _, errors = _errors(_set(_rows(), 8, name_th="ชื่ออื่น"))
    assert errors == [(8, "901", "ข้อมูลของสมรรถนะ (name_th) ไม่ตรงกับบรรทัด 2: "
                                 "ทุกแถวของสมรรถนะเดียวกันต้องมีค่าเหมือนกัน")]


def test_level_summary_must_repeat_the_same_value():
    _, errors = _errors(_set(_rows(), 5, level_summary_th="แสดงสมรรถนะระดับที่ 1 และอื่น"))
    assert errors == [(5, "901", "คำอธิบายระดับที่ 2 ไม่ตรงกับบรรทัด 4")]


def test_a_summary_that_does_not_build_on_the_previous_level():
    rows = _rows(cumulative=False)
    specs, errors = _errors(rows)
    assert specs == []
    assert [e[0] for e in errors] == [4, 6, 8, 10]
    assert errors[0][2] == ("คำอธิบายระดับที่ 2 ต้องต่อยอดจากระดับก่อนหน้า โดยขึ้นต้นว่า "
                            "\"แสดงสมรรถนะระดับที่ 1 และ ...\"")
    # The agency's layout may not be cumulative: the option turns the rule off.
    specs, errors = _errors(rows, cumulative=False)
    assert errors == [] and len(specs) == 1


def test_a_summary_naming_the_wrong_level_is_refused_thai_digits_are_fine():
    rows = [(n, r | {"level_summary_th": "แสดงสมรรถนะระดับที่ ๒ และมากกว่า"})
            if r["level"] == "3" else (n, r) for n, r in _rows()]
    assert _errors(rows)[1] == []
    rows = [(n, r | {"level_summary_th": "แสดงสมรรถนะระดับที่ 1 และมากกว่า"})
            if r["level"] == "3" else (n, r) for n, r in _rows()]
    assert [e[0] for e in _errors(rows)[1]] == [6]


def test_errors_come_sorted_by_line_and_print_in_thai():
    rows = _set(_set(_rows(), 9, indicator_th=""), 3, level="9")
    specs, errors = parse_dictionary(rows)
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    assert str(errors[0]).startswith("บรรทัด 3 (901): ")


def test_a_refused_row_does_not_hide_a_summary_error_elsewhere():
    rows = _set(_rows(), 3, level="6")
    rows = [(n, r | {"level_summary_th": "ทำได้ยอดเยี่ยม"}) if r["level"] == "5" else (n, r)
            for n, r in rows]
    _, errors = _errors(rows)
    assert [e[0] for e in errors] == [3, 10]
