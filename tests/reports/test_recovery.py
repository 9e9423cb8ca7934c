"""The report sweeper: lost reports are queued again, "retrying" shows, and
after the attempt limit they fail with a reason (no worker needed here; the
kill -9 of a real worker is in test_worker_recovery.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Round
from reports.models import ReportSnapshot
from reports.recovery import report_render_once, reports_sweep
from reports.selectors import round_report_progress
from reports.services import round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db
Status = ReportSnapshot.Status


@pytest.fixture
def snaps(settings):
    settings.REPORTS_STUCK_AFTER_SECONDS = 300
    settings.REPORTS_MAX_ATTEMPTS = 2
    rated = rated_round(state=Round.State.RELEASED)
    round_snapshots_update(rnd=rated.rnd)
    return rated.rnd, list(ReportSnapshot.objects.filter(round=rated.rnd).order_by("pk"))


def _set(snap, status, *, minutes_ago, attempts=0):
    ReportSnapshot.objects.filter(pk=snap.pk).update(
        status=status, attempts=attempts,
        updated_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_a_stalled_pipeline_queues_every_lost_report_again_and_the_progress_says_so(snaps):
    rnd, (rendering, queued, *rest) = snaps
    _set(rendering, Status.RENDERING, minutes_ago=10)  # its worker died mid-render
    _set(queued, Status.QUEUED, minutes_ago=10)  # its message died with the worker
    for s in rest:
        _set(s, Status.DONE, minutes_ago=20)
    sweep = reports_sweep()
    assert sorted(sweep.requeued) == sorted([rendering.pk, queued.pk]) and not sweep.failed
    rendering.refresh_from_db()
    queued.refresh_from_db()
    assert (rendering.status, rendering.attempts) == (Status.RETRYING, 1)  # a render died
    assert (queued.status, queued.attempts) == (Status.RETRYING, 0)  # only its message
    progress = round_report_progress(rnd=rnd)
    assert progress["retrying"] == 2 and progress["queued"] == 2 and not progress["finished"]


def test_while_the_worker_makes_progress_only_a_lost_render_is_queued_again(snaps):
    _rnd, (rendering, queued, busy, *_rest) = snaps
    _set(rendering, Status.RENDERING, minutes_ago=10)
    _set(queued, Status.QUEUED, minutes_ago=10)  # waiting its turn behind others
    _set(busy, Status.DONE, minutes_ago=0)  # the worker just finished one
    assert reports_sweep().requeued == [rendering.pk]
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED


def test_after_the_attempt_limit_a_lost_report_fails_with_a_reason_and_the_round_finishes(snaps):
    rnd, snapshots = snaps
    for s in snapshots:  # the second render of each died too (REPORTS_MAX_ATTEMPTS = 2)
        _set(s, Status.RENDERING, minutes_ago=10, attempts=1)
    sweep = reports_sweep()
    assert not sweep.requeued and len(sweep.failed) == len(snapshots)
    failed = ReportSnapshot.objects.get(pk=snapshots[0].pk)
    assert failed.status == Status.FAILED and "ไม่สำเร็จ 2 ครั้ง" in failed.failure_reason
    assert round_report_progress(rnd=rnd)["finished"]


def test_a_second_delivery_writes_no_second_file(snaps, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _rnd, (snap, *_rest) = snaps
    _set(snap, Status.RETRYING, minutes_ago=10, attempts=1)
    first = report_render_once(snapshot_id=snap.pk)
    again = report_render_once(snapshot_id=snap.pk)  # the message Redis hands out again
    assert first.pdf.name == again.pdf.name
    assert (first.status, first.attempts) == (Status.DONE, 0)
    files = list((tmp_path / "reports").rglob("*.pdf"))
    assert [f.name for f in files] == [first.pdf.name.rsplit("/", 1)[-1]]
