"""Close a round; a real Celery worker process, fed through Redis, makes the reports.

The worker is ``celery -A config worker`` started as a subprocess with the base
settings (as in production), pointed at the test database (committed data:
``transaction=True``), at a Redis database of its own, and at a media folder
shared with the test. The test process stops running tasks eagerly, so
``round_close`` -> ``transaction.on_commit`` -> Redis -> worker is the real path.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pypdf
import pytest
import redis
from django.conf import settings
from django.db import connection

from assessments.models import Round
from assessments.services import round_close
from competency.models import Indicator
from config.celery import app
from reports.models import ReportSnapshot
from tests.reports.pdftext import pdftotext, squeeze
from tests.reports.scenario import rated_round

ROOT = Path(settings.BASE_DIR)
# Generous: on two busy CI cores the worker alone needs seconds to import WeasyPrint.
DEADLINE_SECONDS = 150


def _broker_url() -> str:
    """The environment's Redis database if it names one, else db 15 (CI's)."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("redis://") else "redis://127.0.0.1:6379/15"


def _database_url() -> str:
    """URL of the test database as pytest-django created it (xdist suffix included)."""
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def _start_worker(*, broker: str, media: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",  # honours DJANGO_MEDIA_ROOT
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_CONN_MAX_AGE": "0",  # nothing left connected when the test database is dropped
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    cmd = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker",
           "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle",
           "--without-heartbeat", "--loglevel=INFO", "-Q", "default,reports",
           "--hostname", f"pipeline-{os.getpid()}@%h"]
    with log.open("wb") as out:
        # Own process group: the prefork child goes down with its parent.
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else ""


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_closing_a_round_makes_every_report_through_a_worker_process(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a database server it can share")
    broker = _broker_url()
    queue = redis.Redis.from_url(broker)
    try:
        queue.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not reachable at {broker}")
    # Nothing left over from an earlier, interrupted run.
    queue.delete("default", "reports", "unacked", "unacked_index")

    media = tmp_path / "media"
    media.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = media  # the test reads the PDFs where the worker writes them
    log = tmp_path / "worker.log"
    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    proc = None
    try:
        r = rated_round(state=Round.State.OPEN)
        proc = _start_worker(broker=broker, media=media, log=log)
        round_close(rnd=r.rnd)  # on_commit -> round_reports_build -> report_render each
        expected = r.rnd.participants.count()
        deadline = time.monotonic() + DEADLINE_SECONDS
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            done = ReportSnapshot.objects.filter(round=r.rnd, status="done").count()
            if done == expected:
                break
            time.sleep(0.5)
        assert proc.poll() is None, f"worker exited ({proc.returncode}):\n{_tail(log)}"
        snaps = list(ReportSnapshot.objects.filter(round=r.rnd))
        assert len(snaps) == expected == done, (done, expected, _tail(log))
        assert all(s.status == "done" and s.pdf_ready for s in snaps), [
            (s.status, s.failure_reason) for s in snaps
        ]
        assert all(Path(s.pdf.path).is_relative_to(media) for s in snaps)
        assert "reports.tasks.report_render" in log.read_text(errors="replace")  # not eager

        mine = ReportSnapshot.objects.get(participant=r.ratee)
        content = mine.pdf.read()
        reader = pypdf.PdfReader(io.BytesIO(content))  # the PDF opens
        assert len(reader.pages) >= 1
        assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4
        text = pdftotext(content)
        assert r.ratee.employee.full_name in text
        squeezed = squeeze(text)
        indicators = list(Indicator.objects.filter(level__competency=r.team.competency)
                          .values_list("text_th", flat=True))
        missing = [t for t in indicators if squeeze(t) not in squeezed]
        assert not missing, missing
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        if proc is not None:
            _stop_worker(proc)
        queue.delete("default", "reports", "unacked", "unacked_index")
