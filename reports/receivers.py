"""Receivers of the assessments signals (the one seam between the two apps),
connected in :class:`reports.apps.ReportsConfig`."""

from __future__ import annotations

from .personal_data import snapshots_anonymise_person
from .tasks import round_reports_build


def on_round_results_due(sender, *, round_id: int, **kwargs) -> None:
    # Already after commit (assessments sends it from on_commit): enqueue now.
    round_reports_build.delay(round_id)


def on_employee_anonymised(sender, *, employee, placeholder: str, number: str, **kwargs) -> None:
    snapshots_anonymise_person(employee=employee, placeholder=placeholder, number=number)
