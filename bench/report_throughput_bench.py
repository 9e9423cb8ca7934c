"""Benchmark: a round's report PDFs rendered by a real Celery worker (two processes).

    .venv/bin/python bench/report_throughput_bench.py                     # 1,000 reports
    .venv/bin/python bench/report_throughput_bench.py --employees 10000   # the issue's figure
    .venv/bin/python bench/report_throughput_bench.py --scaling --employees 200  # 1 vs 2

Takes the first ``--employees`` participants of the demo's released round
(``bench`` database, seeded when missing), builds their snapshots, marks them
queued, starts ``celery -A config worker --pool=prefork --concurrency=2`` on a
queue of its own in Redis, queues one
``report_render`` per snapshot and waits until all are done. Prints reports
per second, the time for the round, the projection for 10,000 reports, and
the RSS of each worker process over time (flat or growing).

``--scaling`` (issue 17): one worker process against two, alternately in the
same run on the same reports; prints both steady rates, their ratio (target
1.9x), the cores the workers actually had (CPU seconds over wall seconds:
others' load on the machine shows here) and the 10,000-report time projected
from the two-process rate.
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


def _cpu_s(pids: list[int]) -> float:
    """CPU seconds used so far by these processes (0 for one that is gone)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


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
                            "rss_mb": [rss_mb(k) for k in kids],
                            "cpu_s": round(_cpu_s([proc.pid, *kids]), 2)})
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
    # The workers' CPU between the first sample with a report done and the last:
    # how many cores they had (others' load takes the rest), and CPU per report.
    busy = [s for s in samples if s["done"]]
    cpu = wall = per_report = None
    if len(busy) > 1 and busy[-1]["done"] > busy[0]["done"]:
        cpu = busy[-1]["cpu_s"] - busy[0]["cpu_s"]
        wall = busy[-1]["t"] - busy[0]["t"]
        per_report = cpu / (busy[-1]["done"] - busy[0]["done"])
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
        "worker_cores_used": round(cpu / wall, 2) if cpu and wall else None,
        "worker_cpu_s_per_report": round(per_report, 3) if per_report else None,
        "load_avg_1m_start": load_start,
        "worker_log_tail": log_tail if failed or done < len(ids) else "",
    }


def scaling(*, rnd, count: int, broker: str, rounds: int = 2, sample_every: float = 2.0) -> dict:
    """One process against two, alternately in one run (1, 2, 1, 2, ...), on
    the same ``count`` reports: two processes' steady rate over one's.

    Alternating lets the load of others fall on both sides alike. From the
    rates, the 10,000-report time follows for this machine: 10,000 / the
    two-process rate.
    """
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(rounds):
        for concurrency in (1, 2):
            result = run(rnd=rnd, count=count, broker=broker, concurrency=concurrency,
                         sample_every=sample_every)
            if result["done"] != result["reports"]:
                raise SystemExit(f"{result['failed']} failed, {result['done']} done: "
                                 f"{result['worker_log_tail']}")
            runs[concurrency].append({k: result[k] for k in (
                "seconds", "reports_per_s", "steady_reports_per_s", "worker_cores_used",
                "worker_cpu_s_per_report", "load_avg_1m_start")})

    def rate(n: int) -> float:
        rates = [r["steady_reports_per_s"] or r["reports_per_s"] for r in runs[n]]
        return sum(rates) / len(rates)

    def cores(n: int) -> float | None:
        used = [r["worker_cores_used"] for r in runs[n] if r["worker_cores_used"]]
        return round(sum(used) / len(used), 2) if used else None

    one, two = rate(1), rate(2)
    # Reports per CPU second the workers got: when others' load leaves the two
    # processes less than two cores, this still shows whether a process loses
    # anything to the other (1.0: nothing).
    per_core = None
    if cores(1) and cores(2):
        per_core = round((two / cores(2)) / (one / cores(1)), 2)
    return {
        "benchmark": "report throughput, 1 against 2 worker processes (alternating)",
        "reports_per_run": count, "rounds": rounds, "runs": runs,
        "rate_1_process": round(one, 2), "rate_2_processes": round(two, 2),
        "ratio": round(two / one, 2) if one else None, "target_ratio": 1.9,
        "met": bool(one) and two / one >= 1.9,
        "cores_used_1_process": cores(1), "cores_used_2_processes": cores(2),
        "rate_per_core_2_over_1": per_core,
        "projected_10000_minutes_2_processes": round(10000 / two / 60, 1) if two else None,
        "projected_10000_minutes_1_process": round(10000 / one / 60, 1) if one else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=1000, help="reports to render")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--scaling", action="store_true",
                        help="1 against 2 processes, alternating, --employees reports each run")
    parser.add_argument("--rounds", type=int, default=2, help="--scaling: runs of each")
    parser.add_argument("--broker", default=None,
                        help=f"Redis URL (default: CELERY_BROKER_URL or {DEFAULT_BROKER})")
    args = parser.parse_args()
    broker = args.broker or os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER
    django_setup()
    migrate()
    rnd = demo_round(employees=args.employees)
    if args.scaling:
        report = scaling(rnd=rnd, count=args.employees, broker=broker, rounds=args.rounds)
    else:
        report = run(rnd=rnd, count=args.employees, broker=broker,
                     concurrency=args.concurrency)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
