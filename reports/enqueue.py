"""HR's request for a round's reports, enqueued for the worker. Apart from
:mod:`.services` so the tasks can import the services without a circle
(tasks -> services; enqueue -> tasks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import config.background as background
from assessments.models import Round

from .tasks import report_render, reports_sweep, round_reports_build


def round_reports_request(*, rnd: Round, by) -> None:
    """HR asks for the round's reports (again).

    Before release the snapshots are refreshed; after release only missing or
    failed PDFs are rendered, because released figures change only by re-release.
    """
    if rnd.state not in Round.FINISHED_STATES:
        raise ValidationError(_("สร้างรายงานได้เมื่อปิดรอบการประเมินแล้วเท่านั้น"))
    resnapshot = rnd.state == Round.State.CLOSED
    transaction.on_commit(
        lambda: background.enqueue(round_reports_build, rnd.pk, resnapshot=resnapshot),
        robust=True,
    )


def round_reports_resume(*, progress: dict) -> None:
    """In the embedded default, reports left unfinished by a stopped server
    (its background thread died with it) are queued again: the sweeper runs
    on the background thread while a reports page shows them unfinished, and
    it takes as lost only those with no progress for REPORTS_STUCK_AFTER_SECONDS.
    With a worker, beat runs the sweeper; nothing to do here."""
    if background.enabled() and progress["total"] and not progress["finished"]:
        background.enqueue(reports_sweep, key="reports-sweep")


def report_render_request(*, snapshot_id: int) -> None:
    """Render one report again after the transaction commits (an agreed plan).

    Should the broker be down, the report stays queued and the sweeper, or
    the next download, renders it.
    """
    transaction.on_commit(lambda: report_render.delay(snapshot_id), robust=True)
