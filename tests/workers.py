"""Real Celery worker processes for the pipeline tests, fed through Redis.

A worker is ``celery -A config worker`` started as a subprocess with the base
settings (as in production), pointed at the test database (committed data:
``transaction=True``), at a Redis database and at a media folder given by the
test. The test process stops running tasks eagerly, so ``round_close`` ->
``transaction.on_commit`` -> Redis -> worker is the real path.

Each pytest-xdist process gets a Redis database of its own: a worker started
by one xdist process points at that process's test database, and if it shared
a queue with another process's worker it would take that one's tasks, find no
such report in its own database and drop them ("tasks that never reach the
worker"). Celery prefers the environment's CELERY_BROKER_URL to its setting,
so :func:`real_broker` sets both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(settings.BASE_DIR)
# Generous: on two busy CI cores a worker alone needs seconds to import WeasyPrint.
DEADLINE_SECONDS = 150
QUEUES = ("default", "reports", "unacked", "unacked_index")


def broker_url() -> str:
    """The environment's Redis database (CI's 15 otherwise), minus the xdist
    worker's number: gw0 -> 15, gw1 -> 14."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        url = "redis://127.0.0.1:6379/15"
    base, _, db = url.rpartition("/")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    return f"{base}/{(int(db or 0) - index) % 16}"


def database_url() -> str:
    """URL of the test database as pytest-django created it (xdist suffix included)."""
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def forget_connections() -> None:
    """The app keeps the connections of the first broker it used: drop them so
    that tasks go to the one just configured."""
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def real_broker() -> Iterator[tuple[str, redis.Redis]]:
    """Tasks leave this process through Redis for the duration (not eagerly)."""
    url = broker_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not reachable at {url}")
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server they can share")
    client.delete(*QUEUES)  # nothing left over from an earlier, interrupted run
    old = app.conf.task_always_eager, app.conf.broker_url, os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own setting:
    # both must name this process's database.
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    forget_connections()
    try:
        yield url, client
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old[:2]
        if old[2] is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = old[2]
        forget_connections()
        client.delete(*QUEUES)


def worker_start(*, name: str, broker: str, media: Path, log: Path,
                 queues: str = "default,reports", beat_schedule: Path | None = None,
                 extra_env: dict[str, str] | None = None) -> subprocess.Popen:
    """One worker (prefork, one child) in a process group of its own, so that
    the child goes down with its parent. ``beat_schedule``: run beat inside it."""
    env = {**os.environ, **(extra_env or {}),
           "DJANGO_SETTINGS_MODULE": "config.settings.base",  # honours DJANGO_MEDIA_ROOT
           "DATABASE_URL": database_url(), "CELERY_BROKER_URL": broker,
           "DJANGO_MEDIA_ROOT": str(media),
           "DJANGO_CONN_MAX_AGE": "0",  # nothing left connected when the test database goes
           "DJANGO_LOG_LEVEL": "WARNING"}
    cmd = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker", "-Q", queues,
           "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle",
           "--without-heartbeat", "--loglevel=INFO", "--hostname", f"{name}-{os.getpid()}@%h"]
    if beat_schedule is not None:
        cmd += ["--beat", "--schedule", str(beat_schedule)]
    with log.open("ab") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)


def worker_stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # warm shutdown
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def worker_kill(proc: subprocess.Popen) -> None:
    """``kill -9`` of the worker and its child: no shutdown, no acknowledgement."""
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def log_tail(log: Path, size: int = 3000) -> str:
    return log.read_text(errors="replace")[-size:] if log.exists() else ""


def wait_until(predicate: Callable[[], bool], procs, logs, what: str,
               deadline_seconds: float = DEADLINE_SECONDS, poll: float = 0.3) -> float:
    """Seconds it took; fails with the workers' logs when a worker exits or time runs out."""
    start = time.monotonic()
    while not predicate():
        for proc, log in zip(procs, logs, strict=True):
            assert proc.poll() is None, f"worker exited ({proc.returncode}):\n{log_tail(log)}"
        assert time.monotonic() - start < deadline_seconds, (
            f"timed out waiting for {what}: " + "\n".join(log_tail(log, 1500) for log in logs))
        time.sleep(poll)
    return time.monotonic() - start
