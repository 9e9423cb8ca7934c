"""Turning an uploaded file into rows keyed by column (header on line 1).

Formats, encodings, limits and cell cleaning are :mod:`competency.tabular`'s,
shared with the dictionary import; this module maps the headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from competency.tabular import (
    Limits,
    TabularFileError,
    cell_text,
    file_format,
    printable,
    read_table,
)

from .columns import COLUMNS, header_map, normalise_header

# One error for "the file as a whole cannot be read" across both imports.
ImportFileError = TabularFileError


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, key -> text)
    encoding: str
    ignored_headers: list[str] = field(default_factory=list)


def read_sheet(*, data: bytes, filename: str, kind: str, limits: Limits | None = None) -> Sheet:
    """Read a CSV or XLSX file into rows keyed by column key (header on line 1)."""
    fmt = file_format(filename, ("csv", "xlsx"))
    if fmt is None:
        raise ImportFileError(_("รองรับเฉพาะไฟล์ .csv และ .xlsx"))
    table = read_table(data=data, fmt=fmt, limits=limits)
    columns = COLUMNS[kind]
    known = header_map(columns)
    headers = table.headers
    keys = [known.get(normalise_header(h)) for h in headers]
    missing = [str(c.label) for c in columns if c.required and c.key not in keys]
    if missing:
        raise ImportFileError(
            _("ไม่พบคอลัมน์ที่จำเป็น: %(cols)s (บรรทัดแรกของไฟล์ต้องเป็นหัวคอลัมน์)")
            % {"cols": ", ".join(missing)}
        )
    rows = []
    for index, values in enumerate(table.rows, start=2):
        row = {c.key: "" for c in columns}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = cell_text(value)
        if any(row.values()):
            rows.append((index, row))
    # Shown on the preview and kept in the job's JSON: no control characters.
    ignored = [printable(str(h), limit=100) for h, k in zip(headers, keys, strict=False)
               if not k and h]
    return Sheet(rows=rows, encoding=table.encoding, ignored_headers=ignored)
