"""Benchmark: load test with locust against gunicorn + PostgreSQL on 127.0.0.1.

    .venv/bin/python bench/loadtest_bench.py          # 50 users, 60 s, demo of >= 2,000 people

Uses the demo department on the ``bench`` database (seeded with
``--employees`` people when missing or smaller), starts gunicorn with two
workers on ``127.0.0.1:--port`` (base settings, DEBUG off), and runs locust
headless for ``--seconds`` with ``--users`` users: raters saving drafts and
submitting forms of the open round (bench/locustfile.py), HR opening its
dashboard. Prints p50/p95 per request kind and the error count against the
targets (form save p95 <= 150 ms, dashboard p95 <= 300 ms, no errors).
The run submits forms: each run takes the forms still open.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

try:
    from bench._reports import rss_mb
    from bench._setup import ROOT, database_url, django_setup, machine, migrate
except ImportError:  # run as a script
    from _reports import rss_mb
    from _setup import ROOT, database_url, django_setup, machine, migrate

# Users started per second: each logs in once (about 0.5 s of PBKDF2 on one core),
# so the ramp stays well under the two cores; statistics restart when all are in.
SPAWN_RATE = 2
TARGETS_MS = {"form save (draft)": 150, "form submit": 150, "dashboard": 300}


def plan(*, employees: int, raters: int, seed: int = 1) -> dict:
    """Log-ins and open forms of the demo's open round, for the locust users."""
    from django.core.management import call_command

    from assessments import demo
    from assessments.models import Assignment, Round
    from assessments.selectors import round_competencies

    rnd = Round.objects.filter(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN).first()
    if rnd is None or rnd.participants.count() < employees:
        call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        demo.seed_demo(employees=employees, reset=rnd is not None, hand_offs=False)
        rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN)
    open_forms = (Assignment.objects.filter(round=rnd, status__in=[
        Assignment.Status.PENDING, Assignment.Status.DRAFT])
        .values_list("rater__user__username", "pk").order_by("rater_id", "pk"))
    by_rater: dict[str, list[int]] = {}
    for username, pk in open_forms:
        by_rater.setdefault(username, []).append(pk)
    names = sorted(by_rater)
    random.Random(seed).shuffle(names)
    comps = round_competencies(rnd=rnd)
    return {
        "round": rnd.pk,
        "participants": rnd.participants.count(),
        "password": demo.DEMO_PASSWORD,
        "hr": demo.HR_USERNAME,
        "raters": [{"username": n, "forms": by_rater[n]} for n in names[:raters]],
        "indicators": [i.pk for c in comps for lv in c.levels.all() for i in lv.indicators.all()],
        "competencies": [c.pk for c in comps],
    }


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (127.0.0.1 only)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def _number(text: str) -> float:
    """Locust writes "N/A" for the percentiles of a request kind with no requests
    (seen in a short smoke run on a busy machine)."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def _stats(csv_path: Path) -> dict:
    out = {}
    with csv_path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "rps": round(_number(row["Requests/s"]), 1),
            }
    return out


def run(*, employees: int, users: int, seconds: int, port: int, workers: int = 2,
        wait: str = "0.5,2", settings_module: str = "config.settings.base") -> dict:
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    the_plan = plan(employees=employees, raters=users * 20)
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(the_plan), encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module,
           "DATABASE_URL": database_url(),
           "DJANGO_LOG_LEVEL": "WARNING", "CELERY_BROKER_URL": "",  # hand-offs run eagerly
           "LOADTEST_PLAN": str(plan_file), "LOADTEST_WAIT": wait}
    bin_dir = Path(sys.executable).parent
    ramp = -(-users // SPAWN_RATE)  # seconds until every user has logged in
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(bin_dir / "gunicorn"), "config.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=(work / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        load_start = os.getloadavg()[0]
        subprocess.run(  # noqa: S603
            [str(bin_dir / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
             "-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{seconds + ramp}s",
             "--reset-stats",  # the log-ins of the ramp (PBKDF2, CPU-heavy) are not measured
             "-H", f"http://127.0.0.1:{port}", "--csv", str(work / "run"), "--only-summary",
             "--stop-timeout", "10"],
            cwd=ROOT, env=env, check=False, stdout=(work / "locust.log").open("wb"),
            stderr=subprocess.STDOUT, timeout=seconds + ramp + 120)
        load_end = os.getloadavg()[0]
        workers_rss = [rss_mb(int(p)) for p in
                       open(f"/proc/{gunicorn.pid}/task/{gunicorn.pid}/children").read().split()]
    finally:
        if gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
    stats = _stats(work / "run_stats.csv")
    total = stats.pop("Aggregated", {})
    verdict = {name: stats.get(name, {}).get("p95_ms", 0) <= limit
               for name, limit in TARGETS_MS.items() if name in stats}
    return {
        "benchmark": "load test (locust, gunicorn, PostgreSQL)",
        "users": users, "seconds": seconds, "gunicorn_workers": workers,
        "rater_think_time_s": wait,
        "participants_in_round": the_plan["participants"],
        "requests": stats, "total_requests": total.get("requests", 0),
        "errors": total.get("failures", 0),
        "targets_ms": TARGETS_MS, "p95_within_target": verdict,
        "gunicorn_worker_rss_mb": workers_rss,
        "load_avg_1m_start": load_start, "load_avg_1m_end": load_end,
        "output_dir": str(work),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8108)
    parser.add_argument("--wait", default="0.5,2",
                        help="a rater's think time between requests, seconds: min,max")
    args = parser.parse_args()
    django_setup()
    migrate()
    report = run(employees=args.employees, users=args.users, seconds=args.seconds,
                 port=args.port, wait=args.wait)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
