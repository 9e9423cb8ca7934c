"""An uploaded file -> rows of text keyed by column name, with line numbers.

CSV and XLSX go through :mod:`competency.tabular` (the same limits, encodings
and cell cleaning as the organisation import); JSON is read here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..tabular import (
    Limits,
    TabularFileError,
    cell_text,
    decode_text,
    printable,
    read_table,
)
from ..tabular import (
    file_format as _file_format,
)
from .layout import COLUMNS, REQUIRED_COLUMNS

# One error for "the file as a whole cannot be read" across both imports.
DictionaryFileError = TabularFileError


@dataclass
class RawRows:
    rows: list[tuple[int, dict[str, str]]]  # (line in the file, column -> text)
    fmt: str
    ignored_columns: list[str] = field(default_factory=list)


def file_format(filename: str) -> str:
    fmt = _file_format(filename, ("xlsx", "csv", "json"))
    if fmt is None:
        raise DictionaryFileError(_("รองรับเฉพาะไฟล์ .xlsx, .csv และ .json"))
    return fmt


def _text(value) -> str:
    """A cell as text: line ends as ``\\n``, inner spacing kept (the texts are official)."""
    return cell_text(value, one_line=False)


def _table(data: bytes, fmt: str, limits: Limits | None):
    """Headers, value rows and the line number of the first data row."""
    if fmt == "json":
        try:
            items = json.loads(decode_text(data)[0])
        except json.JSONDecodeError as exc:
            raise DictionaryFileError(
                _("ไฟล์ JSON ไม่ถูกต้อง (บรรทัด %(line)s): %(msg)s")
                % {"line": exc.lineno, "msg": exc.msg}
            ) from exc
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DictionaryFileError(
                _("ไฟล์ JSON ต้องเป็นรายการ (list) ของออบเจกต์ แถวละหนึ่งพฤติกรรมบ่งชี้")
            )
        limits = limits or Limits.from_settings()
        if len(items) > limits.max_rows:
            raise DictionaryFileError(
                _("ไฟล์มีข้อมูลเกิน %(max)s แถว โปรดแบ่งเป็นหลายไฟล์") % {"max": limits.max_rows}
            )
        headers = list(dict.fromkeys(str(k) for item in items for k in item))[
            : limits.max_columns]
        return headers, ([item.get(h) for h in headers] for item in items), 1
    table = read_table(data=data, fmt=fmt, limits=limits)
    return [_text(h) for h in table.headers], table.rows, 2


def read_rows(*, data: bytes, filename: str, limits: Limits | None = None) -> RawRows:
    """Read a dictionary file. Line numbers: the spreadsheet line (header is
    line 1) for XLSX/CSV, the item's position (from 1) for JSON."""
    fmt = file_format(filename)
    headers, values, first_line = _table(data, fmt, limits)
    keys = [h.strip().lower() for h in headers]
    missing = [c for c in REQUIRED_COLUMNS if c not in keys]
    if missing:
        raise DictionaryFileError(
            _("ไม่พบคอลัมน์ที่จำเป็น: %(cols)s (ดูรูปแบบไฟล์ใน docs/dictionary-format.md)")
            % {"cols": ", ".join(missing)}
        )
    rows = []
    for index, cells in enumerate(values):
        row = dict.fromkeys(COLUMNS, "")
        for key, value in zip(keys, cells, strict=False):
            if key in row:
                row[key] = _text(value)
        if any(row.values()):
            rows.append((first_line + index, row))
    if not rows:
        raise DictionaryFileError(_("ไม่พบข้อมูลในไฟล์"))
    ignored = [printable(h, limit=100) for h, k in zip(headers, keys, strict=False)
               if h and k not in COLUMNS]
    return RawRows(rows=rows, fmt=fmt, ignored_columns=ignored)
