"""Celery tasks of the report pipeline.

Tasks take primary keys, re-check the round state, and are safe to run twice
(a duplicate message finds the snapshot current and the PDF rendered).
``acks_late`` (settings) means a worker killed mid-render loses nothing: the
message is delivered again. Only transient database errors are retried.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction

from assessments.models import Round
from config.celery import TASK_OPTIONS, TRANSIENT_ERRORS

from . import notices, recovery, services
from .models import ReportSnapshot

logger = logging.getLogger(__name__)



@shared_task(bind=True, soft_time_limit=600, time_limit=660, **TASK_OPTIONS)
def round_reports_build(self, round_id: int, resnapshot: bool = True) -> int:
    """Snapshot every participant of a closed or released round, then queue one render each."""
    rnd = Round.objects.filter(pk=round_id).first()
    if rnd is None or rnd.state not in Round.FINISHED_STATES:
        logger.info("round %s is not closed or released: no reports", round_id)
        return 0
    ids = services.round_reports_prepare(rnd=rnd, resnapshot=resnapshot)
    for snapshot_id in ids:
        transaction.on_commit(lambda pk=snapshot_id: report_render.delay(pk))
    if notices.round_notices_pending(rnd=rnd):
        transaction.on_commit(lambda: report_notices_send.delay(round_id))
    return len(ids)


@shared_task(bind=True, soft_time_limit=300, time_limit=360, **TASK_OPTIONS)
def report_notices_send(self, round_id: int) -> int:
    """E-mail the notices of reissued reports (each at most once)."""
    rnd = Round.objects.filter(pk=round_id, state=Round.State.RELEASED).first()
    if rnd is None:
        return 0
    return notices.report_notices_send(rnd=rnd)


@shared_task(bind=True, soft_time_limit=60, time_limit=90, **TASK_OPTIONS)
def report_render(self, snapshot_id: int, force: bool = False) -> str:
    """Render one snapshot's PDF (nothing to do when it is already current)."""
    snap = ReportSnapshot.objects.select_related("round").filter(pk=snapshot_id).first()
    if snap is None:
        return "missing"
    if snap.round.state not in Round.FINISHED_STATES:
        return "round-not-reportable"
    try:
        if recovery.report_render_once(snapshot_id=snapshot_id, force=force) is None:
            return "busy"  # another worker renders it right now (a second delivery)
    except TRANSIENT_ERRORS:
        try:  # waiting for its retry, not rendering (the sweeper must not count it lost)
            ReportSnapshot.objects.filter(pk=snapshot_id, status=ReportSnapshot.Status.RENDERING
                                          ).update(status=ReportSnapshot.Status.QUEUED)
        except TRANSIENT_ERRORS:
            pass
        if self.request.retries >= self.max_retries:
            services.report_mark_failed(snapshot_id=snapshot_id, reason="database unavailable")
        raise
    except SoftTimeLimitExceeded:
        services.report_mark_failed(snapshot_id=snapshot_id, reason="time limit exceeded")
        raise
    except Exception as exc:  # a broken report must not stop the others; HR sees why
        logger.exception("report %s failed", snapshot_id)
        services.report_mark_failed(snapshot_id=snapshot_id, reason=f"{type(exc).__name__}: {exc}")
        return "failed"
    return "done"


@shared_task(bind=True, soft_time_limit=60, time_limit=90, **TASK_OPTIONS)
def reports_sweep(self) -> dict:
    """Beat, every two minutes: queue again the reports lost with a dead worker."""
    sweep = recovery.reports_sweep()
    for snapshot_id in sweep.requeued:
        transaction.on_commit(lambda pk=snapshot_id: report_render.delay(pk))
    if sweep.requeued or sweep.failed:
        logger.warning("reports sweep: %s queued again, %s failed", len(sweep.requeued),
                       len(sweep.failed))
    return {"requeued": sweep.requeued, "failed": sweep.failed}
