"""Downloadable empty templates (Thai headers and one example row)."""

from __future__ import annotations

from competency.tabular import csv_bytes, xlsx_bytes

from .columns import COLUMNS


def import_template(*, kind: str, fmt: str) -> bytes:
    """The template of ``kind`` ("units"/"employees") as XLSX or CSV (UTF-8 with BOM,
    so Excel opens the Thai headers correctly)."""
    columns = COLUMNS[kind]
    headers, rows = [c.thai for c in columns], [[c.example for c in columns]]
    if fmt == "xlsx":
        return xlsx_bytes(headers=headers, rows=rows, title=kind)
    return csv_bytes(headers=headers, rows=rows)
