"""Long tasks off the request in the embedded default (no broker).

Without ``CELERY_BROKER_URL`` Celery runs every task eagerly, inside the call
to ``delay()``. That suits a mail or an import check, not a round's reports:
a close or a release waited about 28 s while every PDF rendered in the
request. ``enqueue`` hands such a task to one background thread of the web
process instead. The thread runs its jobs one after another, in order, like
one worker consuming the queue, each as an eager Celery task
(``task.apply``): the same code, retries of transient errors and logging as
eager mode, without the wait. Progress is what the task writes in the
database, as with a real worker, and the reports page polls it.

Why one thread and not a process pool or an in-memory broker with a worker
thread: the tasks already record their state in the database and are safe to
run twice, so the executor needs no result store and no acknowledgements.
One thread means one build at a time, as with one worker (concurrent builds
of a round wait on its row lock anyway), and at most one writer of report
rows on SQLite beside the requests (see the SQLite options in
``config/settings/base.py``: WAL, a 30 s busy timeout and ``BEGIN
IMMEDIATE``, so a request waits for the render's write instead of failing
with "database is locked").

The thread is a daemon: stopping the server, or runserver reloading, does not
wait for a batch of PDFs. What a stopped thread leaves "queued" or
"rendering" is picked up by the reports sweeper (``reports.tasks.reports_sweep``,
the beat task of the deployments with a worker), which the reports' status
endpoint enqueues here while a round's reports are unfinished: after
``REPORTS_STUCK_AFTER_SECONDS`` without progress they are queued again.

With a broker (production), or with ``EMBEDDED_BACKGROUND_TASKS`` off (the
test settings: tests expect the reports right after the close), ``enqueue``
is ``task.delay``.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

_jobs: queue.Queue = queue.Queue()
_pending: set[str] = set()
_lock = threading.Lock()
_thread: threading.Thread | None = None
_pid: int | None = None


def enabled() -> bool:
    """Whether ``enqueue`` runs tasks on the background thread of this process."""
    from config.celery import app

    return bool(app.conf.task_always_eager) and bool(
        getattr(settings, "EMBEDDED_BACKGROUND_TASKS", False))


def enqueue(task, *args, key: str | None = None, **kwargs) -> None:
    """``task.delay(*args, **kwargs)``, or, when :func:`enabled`, the same task
    run eagerly on the background thread. ``key``: a job already waiting
    under that key is not queued a second time (the sweeper, asked on every
    poll of a page, waits once)."""
    if not enabled():
        task.delay(*args, **kwargs)
        return
    with _lock:
        if key is not None:
            if key in _pending:
                return
            _pending.add(key)
        _start()
        _jobs.put((task, args, kwargs, key))


def idle(timeout: float | None = None) -> bool:
    """Wait until no job is waiting or running (for tests and commands)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while _jobs.unfinished_tasks:
        if deadline is not None and time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _start() -> None:
    global _thread, _pid
    # A forked child inherits the objects but not the running thread.
    if _thread is not None and _thread.is_alive() and _pid == os.getpid():
        return
    _pid = os.getpid()
    _thread = threading.Thread(target=_work, name="embedded-tasks", daemon=True)
    _thread.start()


def _work() -> None:
    while True:
        task, args, kwargs, key = _jobs.get()
        if key is not None:  # running now: the next request of it waits again
            with _lock:
                _pending.discard(key)
        try:
            result = task.apply(args=args, kwargs=kwargs, throw=False)
            if result.failed():
                log.error("background task %s%r failed: %s", task.name, args, result.traceback)
        except Exception:  # the thread must outlive any one job
            log.exception("background task %s%r failed", task.name, args)
        finally:
            # This thread's database connections: closed after each job, so
            # none is left open (a test database can then be dropped) or stale.
            connections.close_all()
            _jobs.task_done()
