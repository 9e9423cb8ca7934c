"""The portal's spreadsheets, read and written in one place (CSV and XLSX).

Both imports (the organisation in ``assessments.imports`` and the competency
dictionary in ``competency.dictionary``) read through :func:`read_table`, and
every XLSX or CSV the portal hands out is written by :func:`xlsx_bytes` or
:func:`csv_bytes`. This app is the lowest one, so it imports neither of the
others.

Reading is bounded. An uploaded file is hostile until proven otherwise: a
1.7 KB XLSX can declare ``A1:XFD10000`` (openpyxl then pads 160 million
cells) and a 2 MB zip can unpack to 400 MB. So the unpacked size, the
declared sheet dimension, the rows and the columns are checked before the
sheet is parsed, the sheet is streamed (openpyxl read-only mode), and the
row and column limits hold again while streaming, whatever the file declared.

Writing neutralises formulas (OWASP "CSV injection"): a person imported as
``=HYPERLINK(...)`` must not become a live formula in HR's copy of Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

# A cell starting with one of these is a formula (or becomes one) in Excel,
# LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 (so XLSX) cannot hold: C0 controls other than tab and line ends.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class TabularFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Limits:
    """How much of a file is read at most. Checked before parsing, and again while streaming."""

    max_rows: int
    max_columns: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
        )


@dataclass
class Table:
    headers: list
    rows: Iterator[tuple]  # streamed: each row at most ``max_columns`` values
    encoding: str  # "utf-8", "utf-8-sig", "cp874" or "xlsx"


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first; Thai Excel writes Windows-874 (TIS-620).

    Valid UTF-8 Thai is practically never valid Windows-874 text and vice
    versa, so a strict UTF-8 attempt is a reliable detector here.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        raise TabularFileError(
            _("อ่านไฟล์ไม่ได้: รองรับเฉพาะรหัสอักขระ UTF-8 และ Windows-874 (TIS-620)")
        ) from exc


def cell_text(value, *, one_line: bool = True) -> str:
    """A cell as text: Excel numbers without ``.0``, outer spaces trimmed.

    ``one_line`` collapses every run of white space (names, codes); otherwise
    line ends become ``\\n`` and inner spacing is kept (official texts). A
    leading ``'`` that :func:`csv_bytes` put before a formula character is
    taken off again, so an exported file reads back as it was.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 600123 as a number; the employee number is text
    text = str(value)
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    if one_line:
        return " ".join(text.split())
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _too_big(limits: Limits, *, rows: int | None = None, columns: int | None = None):
    if rows is not None and rows > limits.max_rows:
        return TabularFileError(
            _("ไฟล์มีข้อมูลเกิน %(max)s แถว โปรดแบ่งเป็นหลายไฟล์") % {"max": limits.max_rows}
        )
    if columns is not None and columns > limits.max_columns:
        return TabularFileError(
            _("ไฟล์มีเกิน %(max)s คอลัมน์ โปรดลบคอลัมน์ที่ไม่ใช้ออก") % {"max": limits.max_columns}
        )
    return None


def _bounded(rows: Iterable, limits: Limits, first_line: int) -> Iterator[tuple]:
    """Rows while they stay within the limits; the file is refused past them."""
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows + first_line - 1:
            raise _too_big(limits, rows=count)
        row = tuple(row)
        if len(row) > limits.max_columns:
            if any(v not in (None, "") for v in row[limits.max_columns:]):
                raise _too_big(limits, columns=len(row))
            row = row[: limits.max_columns]
        yield row


def xlsx_unpacked_size(data: bytes) -> int:
    """The total unpacked size the zip declares (zipfile never reads past it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TabularFileError(
            _("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ XLSX ที่ถูกต้อง")
        ) from exc


def unpacked_size(*, data: bytes, fmt: str) -> int:
    return xlsx_unpacked_size(data) if fmt == "xlsx" else len(data)


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    import openpyxl

    unpacked = xlsx_unpacked_size(data)
    if unpacked > limits.max_unpacked_bytes:
        raise TabularFileError(
            _("ไฟล์ XLSX นี้เมื่อคลายการบีบอัดมีขนาด %(size)s เกินที่รับได้ %(limit)s")
            % {"size": filesizeformat(unpacked), "limit": filesizeformat(limits.max_unpacked_bytes)}
        )
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except Exception as exc:  # noqa: BLE001 - any parser failure is "unreadable file"
        raise TabularFileError(
            _("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ XLSX ที่ถูกต้อง")
        ) from exc
    # The declared dimension (read from the sheet's first bytes): refused
    # before any cell is parsed. Then forgotten, because openpyxl would
    # otherwise pad to it, or cut a file whose dimension says less than it holds.
    error = _too_big(limits, rows=sheet.max_row, columns=sheet.max_column)
    if error is not None:
        book.close()
        raise error
    sheet.reset_dimensions()

    def rows() -> Iterator[tuple]:
        try:
            stream = sheet.iter_rows(values_only=True, max_col=limits.max_columns + 1)
            yield from _bounded(stream, limits, first_line=2)
        except TabularFileError:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken sheet part is "unreadable file"
            raise TabularFileError(
                _("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ XLSX ที่ถูกต้อง")
            ) from exc
        finally:
            book.close()

    stream = rows()
    headers = list(next(stream, ()))
    return Table(headers=headers, rows=stream, encoding="xlsx")


def _read_csv(data: bytes, limits: Limits) -> Table:
    text, encoding = decode_text(data)

    def rows() -> Iterator[tuple]:
        try:
            yield from _bounded(csv.reader(io.StringIO(text, newline="")), limits, first_line=2)
        except csv.Error as exc:
            raise TabularFileError(
                _("อ่านไฟล์ไม่ได้ โปรดตรวจสอบว่าเป็นไฟล์ CSV ที่ถูกต้อง")
            ) from exc

    stream = rows()
    headers = list(next(stream, ()))
    return Table(headers=headers, rows=stream, encoding=encoding)


def file_format(filename: str, allowed: Iterable[str]) -> str | None:
    """The extension of ``filename`` when it is one of ``allowed``, else None."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return ext if ext in allowed else None


def read_table(*, data: bytes, fmt: str, limits: Limits | None = None) -> Table:
    """Headers (line 1) and the streamed rows of a CSV or XLSX file.

    Raises :class:`TabularFileError` (a message for the user) when the file
    cannot be read or exceeds ``limits``; the rows iterator may raise it too,
    when a file hides more than it declared.
    """
    limits = limits or Limits.from_settings()
    if fmt == "xlsx":
        return _read_xlsx(data, limits)
    if fmt == "csv":
        return _read_csv(data, limits)
    raise TabularFileError(_("รองรับเฉพาะไฟล์ .csv และ .xlsx"))


def printable(text: str, *, limit: int = 200) -> str:
    """Text safe to store and show in a message: no control characters, not too long."""
    text = CONTROL_CHARS.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Writing ---------------------------------------------------------------------------------


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # OWASP: a leading apostrophe makes it text
    return value


def csv_bytes(*, headers: list, rows: Iterable[Iterable]) -> bytes:
    """CSV in UTF-8 with a BOM (so Excel reads the Thai), formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(*, headers: list, rows: Iterable[Iterable], title: str = "Sheet1") -> bytes:
    """One sheet with a bold header row; every text cell stored as text.

    openpyxl turns any string starting with ``=`` into a formula; here the
    cell keeps the string type and Excel's "quote prefix" (the cell shows the
    text as it is, and stays text when edited), so nothing can execute.
    """
    return xlsx_book_bytes(sheets=[(title, headers, rows)])


def xlsx_book_bytes(*, sheets: Iterable[tuple[str, list, Iterable[Iterable]]]) -> bytes:
    """Several sheets (title, headers, rows), each written as :func:`xlsx_bytes` writes one."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)

    def cell(sheet, value, *, header: bool = False):
        if isinstance(value, str):
            value = CONTROL_CHARS.sub("", value)
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            c.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                c.quotePrefix = True
        if header:
            c.font = bold
        return c

    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=_sheet_title(title))
        sheet.append([cell(sheet, h, header=True) for h in headers])
        for row in rows:
            sheet.append([cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet1"
