"""Build and write every report of a round: ``round_reports ROUND --out DIR``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Round
from reports import services
from reports.models import ReportSnapshot

from ._common import round_by_id_or_slug


class Command(BaseCommand):
    help = "Snapshot a closed or released round, render missing PDFs, copy them to a folder."

    def add_arguments(self, parser):
        parser.add_argument("round", help="round id or slug")
        parser.add_argument("--out", required=True, help="output folder")
        parser.add_argument("--force", action="store_true", help="render every PDF again")

    def handle(self, *args, **options):
        rnd = round_by_id_or_slug(options["round"])
        if rnd.state not in Round.FINISHED_STATES:
            raise CommandError(f"round {rnd.slug} is {rnd.state}: reports exist once it is closed")
        # Released figures change only by re-release: after release, render only.
        services.round_reports_prepare(rnd=rnd, resnapshot=rnd.state == Round.State.CLOSED)
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        written = failed = 0
        for snap in ReportSnapshot.objects.filter(round=rnd).order_by("pk"):
            try:
                snap = services.report_render(snapshot=snap, force=options["force"])
            except Exception as exc:  # noqa: BLE001 - report and go on with the others
                services.report_mark_failed(snapshot_id=snap.pk, reason=str(exc))
                self.stderr.write(f"{snap.participant_id}: {exc}")
                failed += 1
                continue
            with snap.pdf.open("rb") as fh:
                (out / services.report_filename(snapshot=snap)).write_bytes(fh.read())
            written += 1
        self.stdout.write(f"{written} reports written to {out}, {failed} failed")
