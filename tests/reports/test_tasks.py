from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from assessments.models import Round
from assessments.services import round_close
from reports import services, tasks
from reports.models import ReportSnapshot
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _files(settings) -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_build_twice_creates_one_report_per_person(settings, django_capture_on_commit_callbacks):
    r = rated_round()
    people = r.rnd.participants.count()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.round_reports_build.delay(r.rnd.pk)
    first = {s.pk: (s.data_hash, s.pdf.name, s.version) for s in ReportSnapshot.objects.all()}
    assert len(first) == people
    assert all(s.status == "done" for s in ReportSnapshot.objects.all())
    assert len(_files(settings)) == people
    with django_capture_on_commit_callbacks(execute=True):
        tasks.round_reports_build.delay(r.rnd.pk)  # a duplicate message
    again = {s.pk: (s.data_hash, s.pdf.name, s.version) for s in ReportSnapshot.objects.all()}
    assert again == first
    assert len(_files(settings)) == people


def test_render_twice_keeps_one_file(settings):
    r = rated_round()
    services.round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert tasks.report_render.delay(snap.pk).get() == "done"
    name = ReportSnapshot.objects.get(pk=snap.pk).pdf.name
    assert tasks.report_render.delay(snap.pk).get() == "done"
    assert tasks.report_render.delay(snap.pk, force=True).get() == "done"
    assert ReportSnapshot.objects.get(pk=snap.pk).pdf.name == name
    assert [p.name for p in _files(settings)] == [Path(name).name]


def test_tasks_recheck_round_state():
    r = rated_round(state=Round.State.OPEN)
    assert tasks.round_reports_build.delay(r.rnd.pk).get() == 0
    assert tasks.round_reports_build.delay(999999).get() == 0
    assert tasks.report_render.delay(999999).get() == "missing"
    assert not ReportSnapshot.objects.exists()


def test_round_close_hands_off_after_commit(django_capture_on_commit_callbacks):
    r = rated_round(state=Round.State.OPEN)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        round_close(rnd=r.rnd)
    assert not ReportSnapshot.objects.exists()  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):  # the renders queued by the build
        for callback in callbacks:
            callback()
    assert ReportSnapshot.objects.filter(round=r.rnd, status="done").count() == (
        r.rnd.participants.count()
    )


def test_a_broken_render_is_failed_with_reason_not_retried(monkeypatch):
    r = rated_round()
    services.round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)

    def boom(**kwargs):
        raise ValueError("bad font")

    monkeypatch.setattr("reports.render.report_pdf", boom)
    assert tasks.report_render.delay(snap.pk).get() == "failed"
    snap.refresh_from_db()
    assert snap.status == "failed" and "bad font" in snap.failure_reason


def test_transient_errors_are_retried(monkeypatch):
    assert OperationalError in tasks.report_render.autoretry_for
    assert tasks.report_render.acks_late and tasks.round_reports_build.acks_late
    assert tasks.report_render.soft_time_limit < tasks.report_render.time_limit
    r = rated_round()
    services.round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)

    def flaky(**kwargs):
        raise OperationalError("connection lost")

    monkeypatch.setattr("reports.render.report_pdf", flaky)
    with pytest.raises(Retry):  # scheduled again with backoff, not marked failed
        tasks.report_render.apply(args=(snap.pk,))
    snap.refresh_from_db()
    assert snap.status == "queued" and not snap.failure_reason
