"""The one file layout (docs/dictionary-format.md) and the export.

One row per indicator; the competency and level columns are repeated on
every row, so a sheet can be sorted or filtered and still read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from ..choices import CompetencyKind
from ..tabular import CONTENT_TYPES, csv_bytes, xlsx_bytes
from .spec import CompetencySpec

COLUMNS = (
    "code", "kind", "number", "name_th", "name_en", "definition_th", "definition_en",
    "level", "level_summary_th", "level_summary_en", "indicator_order", "indicator_th",
    "indicator_en",
)
REQUIRED_COLUMNS = (
    "code", "kind", "number", "name_th", "definition_th", "level", "level_summary_th",
    "indicator_order", "indicator_th",
)
INT_COLUMNS = ("number", "level", "indicator_order")
FORMATS = CONTENT_TYPES | {"json": "application/json"}
SHEET_TITLE = "dictionary"


def kind_from_text(text: str) -> str | None:
    """``core`` / ``managerial`` / ``functional``, or their Thai labels."""
    value = text.strip()
    for kind in CompetencyKind:
        if value.lower() == kind.value:
            return kind.value
    # Thai labels as the OCSC documents write them (always compare in Thai,
    # whatever language the request runs in).
    thai = {
        "สมรรถนะหลัก": CompetencyKind.CORE, "สมรรถนะทางการบริหาร": CompetencyKind.MANAGERIAL,
        "สมรรถนะเฉพาะตามลักษณะงาน": CompetencyKind.FUNCTIONAL,
    }
    kind = thai.get(value) or thai.get(f"สมรรถนะ{value}")
    return kind.value if kind else None


KIND_HELP = _("core, managerial, functional หรือ สมรรถนะหลัก, สมรรถนะทางการบริหาร, "
              "สมรรถนะเฉพาะตามลักษณะงาน")


def rows_of(specs: Iterable[CompetencySpec]) -> list[dict]:
    """The layout's rows for some competencies (ints stay ints)."""
    rows = []
    for spec in specs:
        head = {
            "code": spec.code, "kind": spec.kind, "number": spec.number,
            "name_th": spec.name_th, "name_en": spec.name_en,
            "definition_th": spec.definition_th, "definition_en": spec.definition_en,
        }
        for level in spec.levels:
            lhead = head | {
                "level": level.number, "level_summary_th": level.summary_th,
                "level_summary_en": level.summary_en,
            }
            if not level.indicators:
                # Say the truth about a broken level; the import refuses it.
                rows.append(lhead | {"indicator_order": "", "indicator_th": "", "indicator_en": ""})
            for ind in level.indicators:
                rows.append(lhead | {
                    "indicator_order": ind.order, "indicator_th": ind.text_th,
                    "indicator_en": ind.text_en,
                })
    return rows


def export_bytes(*, specs: Iterable[CompetencySpec], fmt: str) -> bytes:
    """The dictionary in ``fmt`` (xlsx, csv or json), UTF-8 throughout."""
    rows = rows_of(specs)
    if fmt == "json":
        return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    table = [[row[c] for c in COLUMNS] for row in rows]
    if fmt == "csv":
        # The BOM makes Excel read Thai as UTF-8 instead of the ANSI code page.
        return csv_bytes(headers=list(COLUMNS), rows=table)
    if fmt == "xlsx":
        return xlsx_bytes(headers=list(COLUMNS), rows=table, title=SHEET_TITLE)
    raise ValueError(fmt)
