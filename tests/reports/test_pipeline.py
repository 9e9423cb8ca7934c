"""Close a round and let a real Celery worker, through Redis, make the reports."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from assessments.models import Round
from assessments.services import round_close
from config.celery import app
from reports.models import ReportSnapshot
from tests.reports.pdftext import pdftotext
from tests.reports.scenario import rated_round


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_closing_a_round_makes_every_report_through_the_worker():
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL pointing at Redis")
    old_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        r = rated_round(state=Round.State.OPEN)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            round_close(rnd=r.rnd)  # on_commit -> round_reports_build -> report_render each
            expected = r.rnd.participants.count()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if ReportSnapshot.objects.filter(round=r.rnd, status="done").count() == expected:
                    break
                time.sleep(0.5)
        snaps = list(ReportSnapshot.objects.filter(round=r.rnd))
        assert len(snaps) == expected
        assert all(s.status == "done" and s.pdf_ready for s in snaps), [
            (s.status, s.failure_reason) for s in snaps
        ]
        mine = ReportSnapshot.objects.get(participant=r.ratee)
        text = pdftotext(mine.pdf.read())
        assert "ให้การบริการที่เป็นมิตร สุภาพ" in text
        assert r.ratee.employee.full_name in text
    finally:
        app.conf.task_always_eager = old_eager
