"""Import a competency dictionary file: a dry run unless --apply."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from competency.dictionary.check import dictionary_check
from competency.services import dictionary_apply


class Command(BaseCommand):
    help = ("Check (and with --apply, import) a dictionary file in the layout of "
            "docs/dictionary-format.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true",
                            help="write the changes (all or nothing)")
        parser.add_argument("--no-cumulative", action="store_true",
                            help="do not require level summaries to build on the previous level")

    def handle(self, *args, file: Path, apply: bool, no_cumulative: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        check = dictionary_check(data=file.read_bytes(), filename=file.name,
                                 cumulative=not no_cumulative)
        if check.file_error:
            raise CommandError(check.file_error)
        for error in check.errors:
            self.stderr.write(str(error))
        if check.errors:
            raise CommandError(f"{len(check.errors)} error(s); nothing imported")
        for item in check.plan.items:
            action = item["action"]
            if action == "revise":
                action += " (new version)" if item["new_version"] else " (in place)"
                action += ": " + ", ".join(item["changed"])
            self.stdout.write(f"{item['code']}\t{item['name']}\t{action}")
        counts = check.plan.counts
        summary = f"create {counts['create']}, revise {counts['revise']}, " \
                  f"unchanged {counts['unchanged']}"
        if not apply:
            self.stdout.write(f"dry run: {summary} (use --apply to import)")
            return
        try:
            revisions = dictionary_apply(specs=check.specs)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for rev in revisions:
            if rev.action != "unchanged":
                self.stdout.write(f"{rev.competency.code} v{rev.competency.version}: {rev.action}")
        self.stdout.write(self.style.SUCCESS(f"imported: {summary}"))
