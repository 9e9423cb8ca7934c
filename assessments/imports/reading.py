"""Turning an uploaded file into rows: format, encoding and headers."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from .columns import COLUMNS, header_map, normalise_header


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, key -> text)
    encoding: str
    ignored_headers: list[str] = field(default_factory=list)


def decode_csv(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first; Thai Excel writes Windows-874 (TIS-620).

    Valid UTF-8 Thai is practically never valid Windows-874 text and vice
    versa, so a strict UTF-8 attempt is a reliable detector here.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("อ่านไฟล์ CSV ไม่ได้: รองรับเฉพาะรหัสอักขระ UTF-8 และ Windows-874 (TIS-620)")
        ) from exc


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 600123 as a number; the employee number is text.
        value = int(value)
    return " ".join(str(value).split())


def read_sheet(*, data: bytes, filename: str, kind: str) -> Sheet:
    """Read a CSV or XLSX file into rows keyed by column key (header on line 1)."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            encoding = "xlsx"
            dataset = tablib.Dataset().load(data, format="xlsx")
        elif name.endswith(".csv"):
            text, encoding = decode_csv(data)
            dataset = tablib.Dataset().load(text, format="csv")
        else:
            raise ImportFileError(_("รองรับเฉพาะไฟล์ .csv และ .xlsx"))
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is "unreadable file"
        raise ImportFileError(_("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ CSV หรือ XLSX ที่ถูกต้อง")) from exc

    columns = COLUMNS[kind]
    known = header_map(columns)
    headers = list(dataset.headers or [])
    keys = [known.get(normalise_header(h)) for h in headers]
    missing = [str(c.label) for c in columns if c.required and c.key not in keys]
    if missing:
        raise ImportFileError(
            _("ไม่พบคอลัมน์ที่จำเป็น: %(cols)s (บรรทัดแรกของไฟล์ต้องเป็นหัวคอลัมน์)")
            % {"cols": ", ".join(missing)}
        )
    rows = []
    for index, values in enumerate(dataset, start=2):
        row = {c.key: "" for c in columns}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = _cell(value)
        if any(row.values()):
            rows.append((index, row))
    ignored = [str(h) for h, k in zip(headers, keys, strict=False) if not k and h]
    return Sheet(rows=rows, encoding=encoding, ignored_headers=ignored)
