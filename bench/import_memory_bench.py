"""Peak memory of parsing hostile import files (issue 14).

    .venv/bin/python bench/import_memory_bench.py [--out DIR]

Writes each hostile file, then parses it in a fresh Python process the way
the worker does (read the bytes, ``read_sheet``, the employee dry run) and
reports the process's peak RSS above its idle size (``VmHWM`` after the
peak was reset through ``/proc/self/clear_refs``, minus ``VmRSS`` before the
file was read). The parsing process is Django on ``DATABASE_URL``; the dry
run's agency is created in a transaction that is rolled back.

``tests/assessments/test_import_memory.py`` runs the same measurement on the
same files and holds them to the target: 100 MB above idle at most.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["เลขประจำตัว", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทตำแหน่ง", "ระดับตำแหน่ง", "หน่วยงาน"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    '"xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="staff" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
    '"worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main">')


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    cells = "".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return f'<row r="1">{cells}</row>'


def _xlsx(sheet: bytes | None = None, *, raw_sheet: tuple[bytes, int, int] | None = None) -> bytes:
    """An XLSX from its parts; ``raw_sheet`` = (raw deflate data, crc, size) for a bomb."""
    parts = [("[Content_Types].xml", _CONTENT_TYPES.encode()), ("_rels/.rels", _RELS.encode()),
             ("xl/workbook.xml", _WORKBOOK.encode()),
             ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.encode())]
    entries = []
    for name, data in parts + ([("xl/worksheets/sheet1.xml", sheet)] if sheet else []):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        entries.append((name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)))
    if raw_sheet:
        entries.append(("xl/worksheets/sheet1.xml", *raw_sheet))
    return _zip(entries)


def _zip(entries) -> bytes:
    """A zip written by hand, so that an entry can be deflate data made without
    deflating 400 MB (zipfile can only compress what it is given)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        offset, raw_name = out.tell(), name.encode()
        fields = (20, 0, 8, 0, 0, crc, len(data), size, len(raw_name), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + raw_name + data)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0,
                                  offset) + raw_name)
    start, body = out.tell(), central.getvalue()
    out.write(body)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(body),
                          start, 0))
    return out.getvalue()


def dimension_bomb(rows: int) -> bytes:
    """A tiny XLSX declaring A1:XFD<rows> (16,384 columns): openpyxl pads to it."""
    sheet = (f'{_SHEET_HEAD}<dimension ref="A1:XFD{rows}"/><sheetData>{_header_row()}'
             f'<row r="{rows}">{_cell(f"XFD{rows}", "x")}</row></sheetData></worksheet>')
    return _xlsx(sheet.encode())


def far_cell() -> bytes:
    """No dimension at all, one cell in the sheet's last row and column."""
    sheet = (f'{_SHEET_HEAD}<sheetData>{_header_row()}<row r="1048576">'
             f'{_cell("XFD1048576", "x")}</row></sheetData></worksheet>')
    return _xlsx(sheet.encode())


def zip_bomb(unpacked_mb: int = 400) -> bytes:
    """An XLSX whose sheet unpacks to ``unpacked_mb`` MB of rows.

    After a full flush deflate starts afresh, so one compressed megabyte of
    rows repeated N times is a valid stream of N megabytes: the bomb costs
    one megabyte of compression, not 400.
    """
    row = '<row r="2">' + "".join(_cell(f"{chr(65 + i)}2", "ก") for i in range(7)) + "</row>"
    chunk = (row * (1024 * 1024 // len(row))).encode()
    head = f"{_SHEET_HEAD}<sheetData>{_header_row()}".encode()
    tail = b"</sheetData></worksheet>"
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * unpacked_mb + len(tail)
    return _xlsx(raw_sheet=(first + block * unpacked_mb + last, crc, size))


def csv_at_cap(cap: int) -> bytes:
    """A CSV of plausible rows just under the upload cap (more rows than allowed)."""
    line = "1000001,สุดารัตน์,ใจงามยิ่งนัก,นักทรัพยากรบุคคลชำนาญการ,วิชาการ,ชำนาญการ,NO-UNIT\r\n"
    body = ",".join(HEADER) + "\r\n"
    count = (cap - len(body.encode())) // len(line.encode())
    return (body + line * count).encode()


def csv_at_row_limit(rows: int) -> bytes:
    """A CSV with exactly the allowed number of rows, all parsed and checked."""
    lines = [",".join(HEADER)] + [
        f"{1000000 + n},สุดารัตน์,ใจงาม,นักทรัพยากรบุคคล,วิชาการ,ชำนาญการ,NO-UNIT" for n in range(rows)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def hostile_files(*, cap: int, max_rows: int) -> dict[str, bytes]:
    return {
        "dimension-A1-XFD10000.xlsx": dimension_bomb(10_000),
        "dimension-A1-XFD20000.xlsx": dimension_bomb(20_000),
        "far-cell-XFD1048576.xlsx": far_cell(),
        "zip-bomb-400MB.xlsx": zip_bomb(400),
        "at-cap.csv": csv_at_cap(cap),
        "at-row-limit.csv": csv_at_row_limit(max_rows),
    }


_CHILD = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.db import transaction
from assessments.imports.employees import employees_plan
from assessments.imports.reading import ImportFileError, read_sheet
from assessments.models import Agency
import openpyxl  # noqa: F401  (imported by the worker too: part of idle)

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024

results = []
for path in sys.argv[1:]:
    with transaction.atomic():
        agency = Agency.objects.create(code="memory-bench", name_th="memory bench")
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # reset VmHWM to the current RSS
        idle = status("VmRSS")
        with open(path, "rb") as fh:
            data = fh.read()
        try:
            sheet = read_sheet(data=data, filename=path, kind="employees")
            plan = employees_plan(agency=agency, rows=sheet.rows)
            outcome = f"{len(sheet.rows)} rows read, {plan.error_count} row errors"
            del sheet, plan
        except ImportFileError as exc:
            outcome = "refused: " + str(exc)
        del data
        peak = status("VmHWM")
        transaction.set_rollback(True)
    results.append({"idle_mb": idle / 2**20, "peak_mb": peak / 2**20,
                    "above_idle_mb": (peak - idle) / 2**20, "outcome": outcome})
print(json.dumps(results))
"""


def measure(*paths: Path, env: dict | None = None) -> list[dict]:
    """Parse each of ``paths`` in turn in one fresh process: the peak RSS above
    the RSS just before each file was read, in MB. (Memory freed after one
    file may serve the next: put the largest last, or one per process.)"""
    done = subprocess.run(  # noqa: S603 - our interpreter, our script, our paths
        [sys.executable, "-c", _CHILD, *map(str, paths)], cwd=ROOT,
        env=env or os.environ.copy(), capture_output=True, text=True, timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"the parsing process failed ({(env or {}).get('DATABASE_URL')}):\n"
                           f"{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench._setup import BENCH_DATABASE_URL, machine

    env = os.environ.copy()
    env.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import tempfile

    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv \
        else Path(tempfile.mkdtemp(prefix="import-memory-"))
    cap, rows = 5 * 1024 * 1024, 30_000
    report = {"machine": machine(), "files": {}}
    for name, data in hostile_files(cap=cap, max_rows=rows).items():
        path = out / name
        path.write_bytes(data)
        with zipfile.ZipFile(path) if name.endswith(".xlsx") else open(os.devnull) as z:
            unpacked = sum(i.file_size for i in z.infolist()) if name.endswith(".xlsx") \
                else len(data)
        report["files"][name] = {"bytes": len(data), "unpacked": unpacked,
                                 **measure(path, env=env)[0]}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
