"""Rows of the layout -> competency specs, or row-level errors in Thai.

A dictionary that breaks the model is refused as a whole: the caller
applies nothing while ``errors`` is not empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..tabular import CONTROL_CHARS, printable
from .layout import COLUMNS, kind_from_text
from .spec import CompetencySpec, IndicatorSpec, LevelSpec

HEAD_COLUMNS = ("kind", "number", "name_th", "name_en", "definition_th", "definition_en")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Every OCSC level from 2 up reads "แสดงสมรรถนะระดับที่ N-1 และ ..." (Thai digits allowed).
CUMULATIVE = re.compile(r"^แสดงสมรรถนะระดับที่\s*([0-9๐-๙]+)\s*และ\s*\S")


# The longest value each column may hold: the model's max_length where it has
# one (code 20, names 200), and for the text columns a bound no real
# behaviour or definition comes near, so that one cell cannot carry megabytes.
TEXT_LIMIT = 4000
COLUMN_LIMITS = {"code": 20, "kind": 40, "number": 5, "name_th": 200, "name_en": 200,
                 "level": 5, "indicator_order": 5}


@dataclass(frozen=True)
class RowError:
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return _("บรรทัด %(line)s (%(code)s): %(msg)s") % {
            "line": self.line, "code": self.code or "-", "msg": self.message,
        }


@dataclass
class _Level:
    line: int
    summary_th: str
    summary_en: str
    indicators: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # order -> (line,..)


@dataclass
class _Competency:
    line: int
    head: dict[str, str]
    levels: dict[int, _Level] = field(default_factory=dict)
    texts: dict[str, int] = field(default_factory=dict)  # indicator text -> line
    broken: bool = False  # its own columns are wrong: its rows are not read
    row_errors: bool = False  # structure checks would only repeat these


def _cell_problems(row: dict[str, str]) -> list[str]:
    """Control characters (PostgreSQL cannot store a NUL) and over-long values,
    named by column, as the organisation import does."""
    problems = []
    for column in COLUMNS:
        value = row.get(column) or ""
        if CONTROL_CHARS.search(value):
            problems.append(_("%(column)s มีอักขระควบคุม (เช่น NUL) ซึ่งบันทึกไม่ได้ โปรดลบออก")
                            % {"column": column})
        limit = COLUMN_LIMITS.get(column, TEXT_LIMIT)
        if len(value) > limit:
            problems.append(_("%(column)s ยาวเกิน %(max)s ตัวอักษร (มี %(n)s ตัวอักษร)")
                            % {"column": column, "max": limit, "n": len(value)})
    return problems


def _positive_int(text: str) -> int | None:
    text = text.translate(THAI_DIGITS)
    return int(text) if text.isdigit() and int(text) > 0 else None


def _check_head(line: int, code: str, row: dict[str, str], errors: list[RowError]) -> bool:
    ok = True

    def bad(message):
        nonlocal ok
        ok = False
        errors.append(RowError(line, code, message))

    if kind_from_text(row["kind"]) is None:
        bad(_("ประเภทสมรรถนะ \"%(kind)s\" ไม่รู้จัก: ใช้ core, managerial, functional "
              "หรือ สมรรถนะหลัก, สมรรถนะทางการบริหาร, สมรรถนะเฉพาะตามลักษณะงาน")
            % {"kind": row["kind"]})
    if _positive_int(row["number"]) is None:
        bad(_("ลำดับในประเภท (number) ต้องเป็นจำนวนเต็มบวก"))
    if not row["name_th"]:
        bad(_("ไม่มีชื่อสมรรถนะภาษาไทย (name_th)"))
    if not row["definition_th"]:
        bad(_("ไม่มีคำจำกัดความภาษาไทย (definition_th)"))
    return ok


def _read_row(line, code, row, comp: _Competency, errors: list[RowError]) -> None:
    differing = [c for c in HEAD_COLUMNS if row[c] != comp.head[c]]
    if differing:
        errors.append(RowError(line, code, _(
            "ข้อมูลของสมรรถนะ (%(cols)s) ไม่ตรงกับบรรทัด %(first)s: ทุกแถวของสมรรถนะเดียวกัน"
            "ต้องมีค่าเหมือนกัน") % {"cols": ", ".join(differing), "first": comp.line}))
        return
    number = _positive_int(row["level"])
    if number is None or number > 5:
        errors.append(RowError(line, code, _("ระดับ (level) ต้องเป็นเลข 1 ถึง 5 (พบ \"%(v)s\")")
                               % {"v": row["level"]}))
        return
    level = comp.levels.get(number)
    if level is None:
        if not row["level_summary_th"]:
            errors.append(RowError(line, code, _("ไม่มีคำอธิบายระดับที่ %(n)s ภาษาไทย "
                                                 "(level_summary_th)") % {"n": number}))
            comp.broken = True
            return
        level = comp.levels[number] = _Level(line, row["level_summary_th"], row["level_summary_en"])
    elif (row["level_summary_th"], row["level_summary_en"]) != (level.summary_th, level.summary_en):
        errors.append(RowError(line, code, _(
            "คำอธิบายระดับที่ %(n)s ไม่ตรงกับบรรทัด %(first)s") % {"n": number, "first": level.line}))
        return
    if not (row["indicator_order"] or row["indicator_th"] or row["indicator_en"]):
        return  # a row that names the level only
    order = _positive_int(row["indicator_order"])
    if order is None:
        errors.append(RowError(line, code, _("ลำดับพฤติกรรมบ่งชี้ (indicator_order) ต้องเป็น"
                                             "จำนวนเต็มบวก")))
        return
    if not row["indicator_th"]:
        errors.append(RowError(line, code, _("ไม่มีข้อความพฤติกรรมบ่งชี้ภาษาไทย (indicator_th) "
                                             "ระดับที่ %(n)s ข้อ %(o)s") % {"n": number, "o": order}))
        return
    if order in level.indicators:
        errors.append(RowError(line, code, _(
            "พฤติกรรมบ่งชี้ระดับที่ %(n)s ข้อ %(o)s ซ้ำกับบรรทัด %(first)s")
            % {"n": number, "o": order, "first": level.indicators[order][0]}))
        return
    if row["indicator_th"] in comp.texts:
        errors.append(RowError(line, code, _(
            "ข้อความพฤติกรรมบ่งชี้ซ้ำกับบรรทัด %(first)s") % {"first": comp.texts[row["indicator_th"]]}))
        return
    comp.texts[row["indicator_th"]] = line
    level.indicators[order] = (line, row["indicator_th"], row["indicator_en"])


def _check_structure(code, comp: _Competency, errors: list[RowError]) -> None:
    missing = [n for n in range(1, 6) if n not in comp.levels]
    if missing:
        errors.append(RowError(comp.line, code, _(
            "ต้องมีระดับ 1 ถึง 5 ครบทุกระดับ: ขาดระดับ %(missing)s")
            % {"missing": ", ".join(map(str, missing))}))
    for number, level in sorted(comp.levels.items()):
        orders = sorted(level.indicators)
        if not orders:
            errors.append(RowError(level.line, code, _(
                "ระดับที่ %(n)s ไม่มีพฤติกรรมบ่งชี้") % {"n": number}))
        elif orders != list(range(1, len(orders) + 1)):
            errors.append(RowError(level.line, code, _(
                "ลำดับพฤติกรรมบ่งชี้ของระดับที่ %(n)s ต้องเป็น 1 ถึง %(k)s ไม่เว้นช่วง (พบ %(found)s)")
                % {"n": number, "k": len(orders), "found": ", ".join(map(str, orders))}))


def _check_cumulative(code, comp: _Competency, errors: list[RowError]) -> None:
    # Checked even when some rows were refused: each summary stands on its own.
    for number, level in sorted(comp.levels.items()):
        if number < 2:
            continue
        match = CUMULATIVE.match(level.summary_th)
        if not match or int(match.group(1).translate(THAI_DIGITS)) != number - 1:
            errors.append(RowError(level.line, code, _(
                "คำอธิบายระดับที่ %(n)s ต้องต่อยอดจากระดับก่อนหน้า โดยขึ้นต้นว่า "
                "\"แสดงสมรรถนะระดับที่ %(prev)s และ ...\"") % {"n": number, "prev": number - 1}))


def _spec(code: str, comp: _Competency) -> CompetencySpec:
    head = comp.head
    return CompetencySpec(
        code=code, kind=kind_from_text(head["kind"]), number=_positive_int(head["number"]),
        name_th=head["name_th"], name_en=head["name_en"],
        definition_th=head["definition_th"], definition_en=head["definition_en"],
        levels=tuple(
            LevelSpec(
                number=n, summary_th=lv.summary_th, summary_en=lv.summary_en,
                indicators=tuple(IndicatorSpec(order=o, text_th=t, text_en=e)
                                 for o, (_line, t, e) in sorted(lv.indicators.items())),
            )
            for n, lv in sorted(comp.levels.items())
        ),
        line=comp.line,
    )


def parse_dictionary(
    rows: list[tuple[int, dict[str, str]]], *, cumulative: bool = True
) -> tuple[list[CompetencySpec], list[RowError]]:
    """Group rows into competencies and check them against the model.

    ``cumulative``: each level summary from 2 up must build on the previous
    level ("แสดงสมรรถนะระดับที่ N-1 และ ..."), as in every OCSC competency.
    """
    errors: list[RowError] = []
    comps: dict[str, _Competency] = {}
    previous = skipping = None
    broken: set[str] = set()  # codes whose first row could not be read
    for line, row in rows:
        code = row["code"]
        problems = _cell_problems(row)
        if problems:  # the row cannot be stored: nothing else of it is read
            code = printable(code, limit=COLUMN_LIMITS["code"])
            errors.extend(RowError(line, code, problem) for problem in problems)
            if code in comps:
                comps[code].row_errors = True
            else:
                broken.add(code)
            previous = code
            continue
        if code in broken:
            continue  # its first row was refused: the competency is not checked further
        if not code:
            errors.append(RowError(line, "", _("ไม่มีรหัสสมรรถนะ (code)")))
            continue
        if code == skipping and code == previous:
            continue  # the rest of a duplicate block: reported once on its first row
        skipping = None
        comp = comps.get(code)
        if comp is not None and code != previous:
            errors.append(RowError(line, code, _(
                "รหัสสมรรถนะ %(code)s ซ้ำ: พบแล้วที่บรรทัด %(first)s (แถวของสมรรถนะหนึ่งต้องอยู่ติดกัน"
                " และรหัสต้องไม่ซ้ำกับสมรรถนะอื่น)") % {"code": code, "first": comp.line}))
            previous = skipping = code
            comp.row_errors = True
            continue
        previous = code
        if comp is None:
            comp = comps[code] = _Competency(line, {c: row[c] for c in HEAD_COLUMNS})
            comp.broken = not _check_head(line, code, row, errors)
        if not comp.broken:
            before = len(errors)
            _read_row(line, code, row, comp, errors)
            comp.row_errors |= len(errors) > before
    specs = []
    for code, comp in comps.items():
        if comp.broken:
            continue
        before = len(errors)
        if cumulative:
            _check_cumulative(code, comp, errors)
        if not comp.row_errors:
            _check_structure(code, comp, errors)
        if len(errors) == before and not comp.row_errors:
            specs.append(_spec(code, comp))
    errors.sort(key=lambda e: e.line)
    return specs, errors
