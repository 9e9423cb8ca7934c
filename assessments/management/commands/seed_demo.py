"""``manage.py seed_demo``: a demo department with log-ins for every role."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import config.background as background
from assessments import demo
from competency.models import Competency, ExpectedLevel

# Above this size the released round's reports are not rendered while seeding
# (with the embedded eager Celery they would all render inline, one by one).
REPORTS_LIMIT = 1000


class Command(BaseCommand):
    help = "Create the demo department กรมตัวอย่าง (once) and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=60,
                            help="number of people (default 60; 10000 for the scale benchmark)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--reset", action="store_true",
                            help="delete the demo department first and create it again")
        parser.add_argument(
            "--no-reports", action="store_true",
            help="skip the tasks the rounds queue on commit (report PDFs, e-mail); "
                 f"implied above {REPORTS_LIMIT} employees",
        )

    def handle(self, *args, employees, seed, reset, no_reports, **options):
        if employees < demo.MIN_EMPLOYEES:
            raise CommandError(f"--employees must be at least {demo.MIN_EMPLOYEES}")
        verbose = options["verbosity"] >= 1
        if not (Competency.objects.filter(code="102").exists() and ExpectedLevel.objects.exists()):
            call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        started = time.monotonic()

        def log(msg):
            if options["verbosity"] >= 2:
                self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {msg}")

        hand_offs = not no_reports and employees <= REPORTS_LIMIT
        result = demo.seed_demo(employees=employees, seed=seed, reset=reset,
                                hand_offs=hand_offs, log=log)
        if hand_offs and background.enabled():
            # The embedded default builds the released round's reports on a
            # daemon thread of this process: returning now would stop it with
            # the reports queued (and one "rendering") until HR's reports page
            # had the sweeper queue them again.
            if verbose:
                self.stdout.write("Building the released round's reports…")
            background.idle()
        if not verbose:
            return
        counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
        if result.created:
            self.stdout.write(self.style.SUCCESS(
                f"Created {demo.AGENCY_NAME} in {time.monotonic() - started:.1f} s: {counts}"
            ))
        else:
            self.stdout.write(f"{demo.AGENCY_NAME} already exists, nothing changed "
                              f"(--reset to recreate): {counts}")
        if result.created and not hand_offs:
            self.stdout.write("Reports were not generated while seeding: HR can re-release "
                              "the released round to generate them.")
        logins = result.logins
        self.stdout.write("Demo log-ins (one password for all):")
        self.stdout.write(f"  HR officer     {logins.hr}")
        self.stdout.write(f"  supervisor     {logins.supervisor}")
        self.stdout.write(f"  employee       {logins.employee}")
        self.stdout.write(f"  password       {logins.password}")
