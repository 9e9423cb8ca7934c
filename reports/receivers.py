"""Receivers of the assessments signals (the one seam between the two apps),
connected in :class:`reports.apps.ReportsConfig`."""

from __future__ import annotations

from django.db import transaction

import config.background as background

from .personal_data import person_released_results, snapshots_anonymise_person
from .selectors import team_summary
from .tasks import report_render, round_reports_build


def on_round_results_due(sender, *, round_id: int, **kwargs) -> None:
    # Already after commit (assessments sends it from on_commit): enqueue now.
    # In the embedded default on a background thread, so that the close or the
    # release returns at once and the reports page shows the progress.
    background.enqueue(round_reports_build, round_id)


def on_employee_anonymised(sender, *, employee, placeholder: str, number: str,
                           needles=(), **kwargs) -> None:
    changed = snapshots_anonymise_person(employee=employee, placeholder=placeholder,
                                         number=number, needles=tuple(needles))
    # Rendered again once the erasure commits: before, the reports stayed
    # "queued" for ever and the round's progress never reached 100 %.
    for pk in changed:
        transaction.on_commit(lambda pk=pk: report_render.delay(pk), robust=True)


def on_personal_data_requested(sender, *, employee, **kwargs) -> dict:
    return person_released_results(employee=employee)


def on_team_results_requested(sender, *, supervisor, rnd, **kwargs) -> dict | None:
    return team_summary(supervisor=supervisor, rnd=rnd)
