"""Write the current dictionary in the import layout."""

from pathlib import Path

from django.core.management.base import BaseCommand

from competency.dictionary.layout import FORMATS, export_bytes
from competency.selectors import dictionary_specs


class Command(BaseCommand):
    help = "Export the current version of every active competency (XLSX, CSV or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), required=True, dest="fmt")
        parser.add_argument("--out", type=Path, required=True)

    def handle(self, *args, fmt: str, out: Path, **options):
        specs = dictionary_specs()
        out.write_bytes(export_bytes(specs=specs, fmt=fmt))
        rows = sum(max(1, len(lv.indicators)) for s in specs for lv in s.levels)
        self.stdout.write(f"{out}: {len(specs)} competencies, {rows} rows ({fmt})")
