"""Reports lost with their worker are found and rendered again.

With ``acks_late`` the message of a worker killed mid-render stays in Redis,
unacknowledged, until the visibility timeout (``CELERY_VISIBILITY_TIMEOUT``,
15 minutes); meanwhile the round's report page would sit at 93 %. The
sweeper (Celery beat, every two minutes) does not wait for that. A report
is lost when it has not changed for ``REPORTS_STUCK_AFTER_SECONDS`` and:

- it is "rendering": a live worker finishes within the task's time limit
  (90 s) or marks it failed, and a render in progress holds a row lock that
  the sweeper skips;
- or it is "queued" or "retrying" while no report at all changed in that
  time: the worker made no progress, so its message is not merely waiting
  its turn behind others.

Each lost report becomes "retrying" and is queued again. A render that
started and died uses one attempt (a report that kills its worker every time
must not loop for ever); after ``REPORTS_MAX_ATTEMPTS`` of those it is
"failed" with a reason HR can read. A message lost before any worker took it
uses none: while no worker runs at all, nothing is given up.

Rendering is idempotent under that row lock (:func:`report_render_once`),
so the original message, when Redis delivers it again, finds the PDF done and
writes nothing: no duplicate row (one snapshot per participant) and no
second file (the file name carries the data hash).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Round

from .models import ReportSnapshot
from .services import report_render

Status = ReportSnapshot.Status


def report_render_once(*, snapshot_id: int, force: bool = False) -> ReportSnapshot | None:
    """Render one snapshot unless another worker is rendering it at this moment.

    It is marked "rendering" first, in its own commit, so that the sweeper
    sees a report whose worker died; the render itself runs under a row lock
    taken with SKIP LOCKED, so a second delivery of the same report neither
    waits nor writes. None when another worker holds it.
    """
    ReportSnapshot.objects.filter(pk=snapshot_id, status__in=ReportSnapshot.UNFINISHED).update(
        status=Status.RENDERING, updated_at=timezone.now())
    if not connection.features.has_select_for_update_skip_locked:
        # SQLite (the embedded default): no row locks to take, and a transaction
        # would hold the database's write lock for the whole render (BEGIN
        # IMMEDIATE), every request's write waiting on it. Without one the
        # render is still safe twice: one file per data hash, and the row is
        # written only if its data did not change meanwhile.
        snap = ReportSnapshot.objects.select_related("round").filter(pk=snapshot_id).first()
        return None if snap is None else report_render(snapshot=snap, force=force)
    with transaction.atomic():
        snap = (ReportSnapshot.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("round").filter(pk=snapshot_id).first())
        if snap is None:
            return None
        return report_render(snapshot=snap, force=force)


@dataclass
class Sweep:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def reports_sweep(*, now: datetime | None = None) -> Sweep:
    """Mark lost reports "retrying" (the caller queues them) or, past the
    attempt limit, "failed". See the module's docstring for "lost"."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.REPORTS_STUCK_AFTER_SECONDS)
    stale = ReportSnapshot.objects.filter(
        status__in=ReportSnapshot.UNFINISHED, updated_at__lt=cutoff,
        round__state__in=Round.FINISHED_STATES,
    )
    if ReportSnapshot.objects.filter(updated_at__gte=cutoff).exists():  # the worker is busy
        stale = stale.filter(status=Status.RENDERING)
    sweep = Sweep()
    with transaction.atomic():
        died = []  # a render started and never ended: one attempt used
        for pk, status, attempts in (stale.select_for_update(skip_locked=True, of=("self",))
                                     .values_list("pk", "status", "attempts")):
            if status != Status.RENDERING:
                sweep.requeued.append(pk)  # its message was lost before any worker took it
            elif attempts + 1 >= settings.REPORTS_MAX_ATTEMPTS:
                sweep.failed.append(pk)
            else:
                died.append(pk)
        ReportSnapshot.objects.filter(pk__in=sweep.requeued).update(
            status=Status.RETRYING, updated_at=now)
        ReportSnapshot.objects.filter(pk__in=died).update(
            status=Status.RETRYING, attempts=F("attempts") + 1, updated_at=now)
        sweep.requeued += died
        reason = _("จัดทำรายงานไม่สำเร็จ %(n)s ครั้ง (ระบบประมวลผลหยุดทำงานระหว่างจัดทำ) "
                   "โปรดสั่งสร้างรายงานอีกครั้ง") % {"n": settings.REPORTS_MAX_ATTEMPTS}
        ReportSnapshot.objects.filter(pk__in=sweep.failed).update(
            status=Status.FAILED, failure_reason=reason, updated_at=now)
    return sweep
