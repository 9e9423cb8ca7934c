"""An uploaded file -> rows of text keyed by column name, with line numbers."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from .layout import COLUMNS, REQUIRED_COLUMNS


class DictionaryFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class RawRows:
    rows: list[tuple[int, dict[str, str]]]  # (line in the file, column -> text)
    fmt: str
    ignored_columns: list[str] = field(default_factory=list)


def file_format(filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in ("xlsx", "csv", "json"):
        raise DictionaryFileError(_("รองรับเฉพาะไฟล์ .xlsx, .csv และ .json"))
    return ext


def _text(value) -> str:
    """A cell as text: Excel numbers without ``.0``, line ends as ``\\n``,
    outer spaces trimmed (inner spacing is kept: the texts are official)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _decode(data: bytes) -> str:
    # UTF-8 (with or without BOM) first; Thai Excel saves CSV as Windows-874.
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError as exc:
        raise DictionaryFileError(
            _("อ่านไฟล์ไม่ได้: รองรับเฉพาะรหัสอักขระ UTF-8 และ Windows-874 (TIS-620)")
        ) from exc


def _table(data: bytes, fmt: str) -> tuple[list[str], list[list], int]:
    """Headers, value lists and the line number of the first data row."""
    if fmt == "json":
        try:
            items = json.loads(_decode(data))
        except json.JSONDecodeError as exc:
            raise DictionaryFileError(
                _("ไฟล์ JSON ไม่ถูกต้อง (บรรทัด %(line)s): %(msg)s")
                % {"line": exc.lineno, "msg": exc.msg}
            ) from exc
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DictionaryFileError(
                _("ไฟล์ JSON ต้องเป็นรายการ (list) ของออบเจกต์ แถวละหนึ่งพฤติกรรมบ่งชี้")
            )
        headers = list(dict.fromkeys(k for item in items for k in item))
        return headers, [[item.get(h) for h in headers] for item in items], 1
    try:
        if fmt == "xlsx":
            dataset = tablib.Dataset().load(data, format="xlsx")
        else:
            dataset = tablib.Dataset().load(_decode(data), format="csv")
    except DictionaryFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure means "unreadable file"
        raise DictionaryFileError(
            _("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ %(fmt)s ที่ถูกต้อง") % {"fmt": fmt.upper()}
        ) from exc
    return [_text(h) for h in (dataset.headers or [])], [list(r) for r in dataset], 2


def read_rows(*, data: bytes, filename: str) -> RawRows:
    """Read a dictionary file. Line numbers: the spreadsheet line (header is
    line 1) for XLSX/CSV, the item's position (from 1) for JSON."""
    fmt = file_format(filename)
    headers, values, first_line = _table(data, fmt)
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
    ignored = [h for h, k in zip(headers, keys, strict=False) if h and k not in COLUMNS]
    return RawRows(rows=rows, fmt=fmt, ignored_columns=ignored)
