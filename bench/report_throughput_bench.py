"""Benchmark: a round's report PDFs rendered by a real Celery worker (two processes).

    .venv/bin/python bench/report_throughput_bench.py                     # 1,000 reports
    .venv/bin/python bench/report_throughput_bench.py --employees 10000   # the issue's figure

Takes the first ``--employees`` participants of the demo's released round
(``bench`` database, seeded when missing), builds their snapshots, marks them
queued, starts ``celery -A config worker --pool=prefork --concurrency=2`` on a
queue of its own in Redis, queues one
``report_render`` per snapshot and waits until all are done. Prints reports
per second, the time for the round, the projection for 10,000 reports, and
the RSS of each worker process over time (flat or growing).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from bench._reports import demo_round, rss_mb, snapshot_ids
    from bench._setup import ROOT, database_url, django_setup, machine, migrate
except ImportError:  # run as a script
    from _reports import demo_round, rss_mb, snapshot_ids
    from _setup import ROOT, database_url, django_setup, machine, migrate

DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
TARGET_SECONDS_FOR_10000 = 15 * 60


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def start_worker(*, broker: str, queue: str, media: Path, concurrency: int,
                 log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    cmd = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker",
           "--pool=prefork", f"--concurrency={concurrency}", "--without-gossip",
           "--without-mingle", "--without-heartbeat", "--loglevel=WARNING", "-Q", queue,
           "--hostname", f"bench-{os.getpid()}@%h"]
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop_worker(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def run(*, rnd, count: int, broker: str, concurrency: int = 2, timeout: float = 3600,
        sample_every: float = 2.0) -> dict:
    import redis
    from django.db.models import Count, Max, Min, Q
    from django.utils import timezone

    from config.celery import app
    from reports.models import ReportSnapshot
    from reports.tasks import report_render

    ids = snapshot_ids(rnd=rnd, count=count)
    ReportSnapshot.objects.filter(pk__in=ids).update(status="queued", pdf="", pdf_hash="")
    # A queue of its own: a pipeline test or another run on the same Redis
    # database neither takes these messages nor has its own taken.
    queue_name = f"report-bench-{os.getpid()}"
    queue = redis.Redis.from_url(broker)
    queue.delete(queue_name)
    media = Path(tempfile.mkdtemp(prefix="report-bench-"))
    log = media / "worker.log"
    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, broker
    proc = start_worker(broker=broker, queue=queue_name, media=media,
                        concurrency=concurrency, log=log)
    samples: list[dict] = []
    try:
        load_start = os.getloadavg()[0]
        started, started_at = time.perf_counter(), timezone.now()
        for pk in ids:
            report_render.apply_async((pk,), queue=queue_name)
        queued_s = time.perf_counter() - started
        done = failed = 0
        first_done_at = None
        pending = ReportSnapshot.objects.filter(pk__in=ids)
        while time.perf_counter() - started < timeout and proc.poll() is None:
            counts = pending.aggregate(done=Count("pk", filter=Q(status="done")),
                                       failed=Count("pk", filter=Q(status="failed")))
            done, failed = counts["done"], counts["failed"]
            if done and first_done_at is None:
                first_done_at = time.perf_counter() - started
            kids = _children(proc.pid)
            samples.append({"t": round(time.perf_counter() - started, 1), "done": done,
                            "rss_mb": [rss_mb(k) for k in kids]})
            if done + failed >= len(ids):
                break
            time.sleep(sample_every)
        seconds = time.perf_counter() - started
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        stop_worker(proc)
        queue.delete(queue_name)
        log_tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(media, ignore_errors=True)
    # Exact times from the rows' rendered_at (the polling above is every few seconds).
    stamps = ReportSnapshot.objects.filter(pk__in=ids, status="done").aggregate(
        first=Min("rendered_at"), last=Max("rendered_at"))
    if stamps["last"]:
        seconds = (stamps["last"] - started_at).total_seconds()
        first_done_at = (stamps["first"] - started_at).total_seconds()
    rate = done / seconds if seconds else 0.0
    # Steady rate: from the first report done (the workers are warm) to the last.
    steady = (done - 1) / (seconds - first_done_at) if first_done_at and done > 1 else None
    rss = [s["rss_mb"] for s in samples if s["rss_mb"]]
    tenth = rss[max(0, len(rss) // 10)] if rss else []
    return {
        "benchmark": "report throughput (real worker)",
        "reports": len(ids), "done": done, "failed": failed,
        "worker_processes": concurrency,
        "seconds": round(seconds, 1),
        "queueing_seconds": round(queued_s, 2),
        "first_report_after_s": round(first_done_at, 1) if first_done_at else None,
        "reports_per_s": round(rate, 2),
        "steady_reports_per_s": round(steady, 2) if steady else None,
        "s_per_report_per_process": round(concurrency / rate, 3) if rate else None,
        "projected_10000_minutes": round(10000 / (steady or rate) / 60, 1) if rate else None,
        "target_10000_minutes": TARGET_SECONDS_FOR_10000 / 60,
        "rss_mb_first": rss[0] if rss else [],
        "rss_mb_after_first_tenth": tenth,
        "rss_mb_last": rss[-1] if rss else [],
        "rss_samples": samples[:: max(1, len(samples) // 20)],
        "load_avg_1m_start": load_start,
        "worker_log_tail": log_tail if failed or done < len(ids) else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1000, help="reports to render")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--broker", default=None,
                        help=f"Redis URL (default: CELERY_BROKER_URL or {DEFAULT_BROKER})")
    args = parser.parse_args()
    broker = args.broker or os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER
    django_setup()
    migrate()
    rnd = demo_round(employees=args.employees)
    report = run(rnd=rnd, count=args.employees, broker=broker, concurrency=args.concurrency)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
