"""The columns of each import file, with their Thai and English headers."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from competency.choices import PositionLevel, PositionType
from competency.tabular import CONTROL_CHARS

from ..models import Employee, OrgUnit


@dataclass(frozen=True)
class Column:
    key: str  # the English header, also the key rows are read into
    thai: str  # the Thai header (the template's)
    label: object  # lazily translated label for messages and previews
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: str = ""
    # The model field the value ends in: its max_length is checked at the dry
    # run, so a value the database cannot hold is a row error, not an HTTP 500
    # half-way through the apply. None for a choice column: its value is
    # looked up among the choices, and an unknown one is a row error already.
    field: tuple[type, str] | None = None

    @property
    def max_length(self) -> int | None:
        if self.field is None:
            return None
        model, name = self.field
        return model._meta.get_field(name).max_length


UNIT_COLUMNS = (
    Column("unit_code", "รหัสหน่วยงาน", _("รหัสหน่วยงาน"), True, ("code",), "B01",
           field=(OrgUnit, "code")),
    Column("unit_name", "ชื่อหน่วยงาน", _("ชื่อหน่วยงาน"), True, ("name", "name_th"),
           "สำนักบริหารทรัพยากรบุคคล", field=(OrgUnit, "name_th")),
    Column("parent_code", "หน่วยงานต้นสังกัด", _("หน่วยงานต้นสังกัด"), False,
           ("parent", "รหัสหน่วยงานต้นสังกัด"), "", field=(OrgUnit, "code")),
    Column("kind", "ประเภท", _("ประเภทหน่วยงาน"), False, ("ประเภทหน่วยงาน",), "สำนัก/กอง"),
)

EMPLOYEE_COLUMNS = (
    Column("employee_number", "เลขประจำตัว", _("เลขประจำตัว"), True,
           ("เลขประจำตัวข้าราชการ", "employee_no"), "600123",
           field=(Employee, "employee_number")),
    Column("title", "คำนำหน้า", _("คำนำหน้า"), False, ("คำนำหน้าชื่อ",), "นางสาว",
           field=(Employee, "title")),
    Column("first_name", "ชื่อ", _("ชื่อ"), True, (), "สุดารัตน์",
           field=(Employee, "first_name")),
    Column("last_name", "นามสกุล", _("นามสกุล"), True, (), "ใจงาม",
           field=(Employee, "last_name")),
    Column("position_name", "ตำแหน่ง", _("ตำแหน่ง"), True, ("ชื่อตำแหน่ง", "position"),
           "นักทรัพยากรบุคคล", field=(Employee, "position_name")),
    Column("position_type", "ประเภทตำแหน่ง", _("ประเภทตำแหน่ง"), True, (), "วิชาการ"),
    Column("position_level", "ระดับตำแหน่ง", _("ระดับตำแหน่ง"), True, ("ระดับ",), "ชำนาญการ"),
    Column("unit_code", "หน่วยงาน", _("หน่วยงาน"), True, ("รหัสหน่วยงาน", "unit"), "B01",
           field=(OrgUnit, "code")),
    Column("supervisor_number", "ผู้บังคับบัญชา", _("ผู้บังคับบัญชา"), False,
           ("เลขประจำตัวผู้บังคับบัญชา", "supervisor"), "",
           field=(Employee, "employee_number")),
    Column("email", "อีเมล", _("อีเมล"), False, ("e-mail", "อีเมล์"), "sudarat@example.go.th",
           field=(Employee, "email")),
    # Empty means still working here; a "left" value switches the person off
    # (services.employee_deactivate), as HR's deactivate button does.
    Column("status", "สถานะ", _("สถานะ"), False,
           ("สถานะการปฏิบัติงาน", "is_active", "active"), "ปฏิบัติงาน"),
)

COLUMNS = {"units": UNIT_COLUMNS, "employees": EMPLOYEE_COLUMNS}


def normalise_header(text: object) -> str:
    return " ".join(str(text or "").replace("\ufeff", "").split()).lower().replace(" ", "_")


def header_map(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every accepted spelling of a header -> the column key."""
    out = {}
    for col in columns:
        for name in (col.key, col.thai, *col.aliases):
            out[normalise_header(name)] = col.key
    return out


def cell_problems(columns: tuple[Column, ...], row: dict[str, str]) -> list[str]:
    """What no column may hold: control characters (PostgreSQL cannot store a
    NUL at all) and more characters than the column's model field takes."""
    problems = []
    for col in columns:
        value = row.get(col.key, "")
        if CONTROL_CHARS.search(value):
            problems.append(gettext("%(column)s มีอักขระควบคุม (เช่น NUL) ซึ่งบันทึกไม่ได้ โปรดลบออก")
                            % {"column": col.label})
        limit = col.max_length
        if limit is not None and len(value) > limit:
            problems.append(
                gettext("%(column)s ยาวเกิน %(max)s ตัวอักษร (มี %(n)s ตัวอักษร)")
                % {"column": col.label, "max": limit, "n": len(value)}
            )
    return problems


def _choice_map(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    # Codes and Thai labels are both accepted, as are the English labels.
    out = {}
    for value, label in choices:
        out[value.lower()] = value
        out[str(label).lower()] = value
        out[value.replace("_", " ").lower()] = value
    out.update(extra or {})
    return out


def _thai_labels(choices) -> dict[str, str]:
    from django.utils import translation

    with translation.override("th"):
        return {str(label): value for value, label in choices}


def position_type_map() -> dict[str, str]:
    return _choice_map(PositionType.choices, _thai_labels(PositionType.choices))


def position_level_map() -> dict[str, str]:
    extra = _thai_labels(PositionLevel.choices)
    # "อำนวยการสูง", "ระดับต้น": the type or the word ระดับ is often written in.
    for word, value in (("ต้น", "primary"), ("สูง", "high")):
        for prefix in ("อำนวยการ", "บริหาร", "ระดับ"):
            extra[prefix + word] = value
    return _choice_map(PositionLevel.choices, extra)


def unit_kind_map() -> dict[str, str]:
    extra = _thai_labels(OrgUnit.Kind.choices)
    extra.update({"สำนัก": "bureau", "กอง": "bureau", "กลุ่มงาน": "group", "ฝ่าย": "group",
                  "กลุ่ม": "group", "ศูนย์": "bureau"})
    return _choice_map(OrgUnit.Kind.choices, extra)


def lookup(mapping: dict[str, str], text: str) -> str | None:
    key = " ".join(text.split()).lower()
    return mapping.get(key) or mapping.get(key.replace(" ", ""))


# The values of the employees' status column (lower case, spaces dropped).
ACTIVE_WORDS = ("", "ปฏิบัติงาน", "ปฏิบัติงานอยู่", "active", "1", "yes", "true", "y", "ใช่")
LEFT_WORDS = ("พ้นจากส่วนราชการ", "พ้น", "ลาออก", "เกษียณ", "เกษียณอายุราชการ", "โอนย้าย",
              "ย้าย", "left", "inactive", "0", "no", "false", "n", "ไม่ใช่")


def employee_active_value(text: str) -> bool | None:
    """True (working here), False (left) or None (not a value the column knows)."""
    key = "".join(text.split()).lower()
    if key in ACTIVE_WORDS:
        return True
    if key in LEFT_WORDS:
        return False
    return None
