"""``manage.py purge_personal_data``: remove former employees' personal data
once their agency's retention period has passed (PDPA), in batch."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.models import Agency
from assessments.selectors.personal_data import employees_due_for_anonymisation
from assessments.services.personal_data import employee_anonymise


class Command(BaseCommand):
    help = ("Remove the personal data of former employees whose retention period has "
            "passed; their ratings stay, anonymised.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="only this agency (its code)")
        parser.add_argument("--dry-run", action="store_true",
                            help="list who would be anonymised, change nothing")

    def handle(self, *args, agency=None, dry_run=False, **options):
        agency_obj = None
        if agency:
            agency_obj = Agency.objects.filter(code=agency).first()
            if agency_obj is None:
                raise CommandError(f"no agency with code {agency!r}")
        due = employees_due_for_anonymisation(agency=agency_obj)
        done = 0
        for employee in due:
            # The id only: the name is what is being removed.
            label = f"{employee.agency.code} employee #{employee.pk}"
            if dry_run:
                self.stdout.write(f"would anonymise {label}")
                continue
            try:
                employee_anonymise(employee=employee, by=None)
            except ValidationError as exc:  # changed since the list was made
                self.stderr.write(f"skipped {label}: {' '.join(exc.messages)}")
                continue
            done += 1
            self.stdout.write(f"anonymised {label}")
        verb = "would anonymise" if dry_run else "anonymised"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {len(due) if dry_run else done} former employee(s)"))
