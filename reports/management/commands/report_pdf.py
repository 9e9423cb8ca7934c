"""Write one person's report PDF: ``report_pdf --round ROUND --employee EMPNO --out FILE.pdf``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Participant, Round
from reports import services

from ._common import round_by_id_or_slug


class Command(BaseCommand):
    help = "Render the level report of one participant to a PDF file (same service as the web)."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="round id or slug")
        parser.add_argument("--employee", required=True, help="employee number")
        parser.add_argument("--out", required=True, help="output PDF path")
        parser.add_argument("--force", action="store_true", help="render again even if current")

    def handle(self, *args, **options):
        rnd = round_by_id_or_slug(options["round"])
        if rnd.state not in Round.FINISHED_STATES:
            raise CommandError(f"round {rnd.slug} is {rnd.state}: reports exist once it is closed")
        participant = (
            Participant.objects.select_related("round")
            .filter(round=rnd, employee__employee_number=options["employee"]).first()
        )
        if participant is None:
            raise CommandError(f"employee {options['employee']} is not in round {rnd.slug}")
        snapshot = services.participant_snapshot(participant=participant)
        snapshot = services.report_render(snapshot=snapshot, force=options["force"])
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        with snapshot.pdf.open("rb") as fh:
            out.write_bytes(fh.read())
        self.stdout.write(f"{out} ({out.stat().st_size} bytes, data {snapshot.data_hash[:12]})")
