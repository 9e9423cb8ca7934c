"""Downloadable empty templates (Thai headers and one example row)."""

from __future__ import annotations

import tablib

from .columns import COLUMNS


def import_template(*, kind: str, fmt: str) -> bytes:
    """The template of ``kind`` ("units"/"employees") as XLSX or CSV (UTF-8 with BOM,
    so Excel opens the Thai headers correctly)."""
    columns = COLUMNS[kind]
    data = tablib.Dataset(headers=[c.thai for c in columns])
    data.append([c.example for c in columns])
    data.title = "units" if kind == "units" else "employees"
    if fmt == "xlsx":
        return data.export("xlsx")
    return ("\ufeff" + data.export("csv")).encode("utf-8")
