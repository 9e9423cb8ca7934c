"""Benchmark: load test with locust against gunicorn + PostgreSQL on 127.0.0.1.

    .venv/bin/python bench/loadtest_bench.py          # 50 users, 60 s, demo of >= 2,000 people
    .venv/bin/python bench/loadtest_bench.py --capacity   # users step up 25 at a time

Uses the demo department on the ``bench`` database (seeded with
``--employees`` people when missing or smaller), starts gunicorn with two
workers on ``127.0.0.1:--port`` (base settings, DEBUG off), and runs locust
headless for ``--seconds`` with ``--users`` users: raters saving drafts and
submitting forms of the open round (bench/locustfile.py), HR opening its
dashboard. Prints p50/p95 per request kind and the error count against the
targets (form save p95 <= 150 ms, dashboard p95 <= 300 ms, no errors).
The run submits forms: each run takes the forms still open.

``--capacity`` reports the most concurrent users at which the draft save's
p95 stays under 150 ms on this machine (issue 17): one locust run adds
``--step`` users every step and times each step once its users are in,
until a step's save p95 passes 150 ms.
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


def _environment(*, work: Path, the_plan: dict, settings_module: str, wait: str) -> dict:
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(the_plan), encoding="utf-8")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url(),
            "DJANGO_LOG_LEVEL": "WARNING", "CELERY_BROKER_URL": "",  # hand-offs run eagerly
            "LOADTEST_PLAN": str(plan_file), "LOADTEST_WAIT": wait}


def _gunicorn(*, env: dict, work: Path, workers: int, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=(work / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT, start_new_session=True)
    _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
    return proc


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _workers(gunicorn: subprocess.Popen) -> list[int]:
    with open(f"/proc/{gunicorn.pid}/task/{gunicorn.pid}/children") as fh:
        return [int(p) for p in fh.read().split()]


def _cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _locust(args: list[str], *, env: dict, work: Path, timeout: float) -> float:
    """Run locust to the end; its CPU seconds (it shares the cores with the server)."""
    proc = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "--only-summary", "--stop-timeout", "10", *args],
        cwd=ROOT, env=env, stdout=(work / "locust.log").open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, _status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = _status
            return round(usage.ru_utime + usage.ru_stime, 1)
        time.sleep(0.5)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"locust did not finish in {timeout:.0f} s: see {work / 'locust.log'}")


def run(*, employees: int, users: int, seconds: int, port: int, workers: int = 2,
        wait: str = "0.5,2", settings_module: str = "config.settings.base") -> dict:
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    the_plan = plan(employees=employees, raters=users * 20)
    env = _environment(work=work, the_plan=the_plan, settings_module=settings_module, wait=wait)
    ramp = -(-users // SPAWN_RATE)  # seconds until every user has logged in
    gunicorn = _gunicorn(env=env, work=work, workers=workers, port=port)
    try:
        load_start = os.getloadavg()[0]
        _locust(["-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{seconds + ramp}s",
                 "--reset-stats",  # the log-ins of the ramp (PBKDF2, CPU-heavy) are not measured
                 "-H", f"http://127.0.0.1:{port}", "--csv", str(work / "run")],
                env=env, work=work, timeout=seconds + ramp + 120)
        load_end = os.getloadavg()[0]
        workers_rss = [rss_mb(p) for p in _workers(gunicorn)]
    finally:
        _stop(gunicorn)
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


def capacity(*, employees: int, start: int, step: int, step_seconds: int, port: int,
             limit_ms: int = TARGETS_MS["form save (draft)"], max_users: int = 1000,
             workers: int = 2, wait: str = "0.5,2", settle: int = 5,
             settings_module: str = "config.settings.base") -> dict:
    """The most users at which the draft save's p95 stays under ``limit_ms``.

    One locust run, users added step by step (bench/locustfile.py StepShape):
    the users of earlier steps stay signed in, so a step only adds log-ins.
    Each step is timed once its users are in and ``settle`` seconds have
    passed; the run stops after the first step over the limit.
    """
    work = Path(tempfile.mkdtemp(prefix="loadtest-capacity-"))
    the_plan = plan(employees=employees, raters=max_users * 20)
    env = _environment(work=work, the_plan=the_plan, settings_module=settings_module, wait=wait)
    out = work / "steps.json"
    env.update(LOADTEST_STEPS=f"{start},{step},{step_seconds},{limit_ms},{max_users},{settle}",
               LOADTEST_STEPS_OUT=str(out))
    steps_max = (max_users - start) // step + 1
    per_step = step_seconds + settle + 10 + -(-max(start, step) // SPAWN_RATE)
    gunicorn = _gunicorn(env=env, work=work, workers=workers, port=port)
    try:
        load_start = os.getloadavg()[0]
        server0 = sum(_cpu_s(p) for p in _workers(gunicorn))
        wall0 = time.monotonic()
        locust_cpu = _locust(["-H", f"http://127.0.0.1:{port}"], env=env, work=work,
                             timeout=steps_max * per_step + 120)
        wall = time.monotonic() - wall0
        server_cpu = sum(_cpu_s(p) for p in _workers(gunicorn)) - server0
        load_end = os.getloadavg()[0]
    finally:
        _stop(gunicorn)
    steps = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    under = [s["users"] for s in steps if 0 < s.get("form save (draft)", {}).get("p95_ms", 0)
             <= limit_ms]
    crossed = bool(steps) and steps[-1].get("form save (draft)", {}).get("p95_ms", 0) > limit_ms
    return {
        "benchmark": "load test capacity (locust steps, gunicorn, PostgreSQL)",
        "save_p95_limit_ms": limit_ms, "gunicorn_workers": workers,
        "rater_think_time_s": wait, "participants_in_round": the_plan["participants"],
        "steps": steps,
        "most_users_under_limit": max(under) if under else None,
        "limit_crossed": crossed,
        # Locust runs on the same cores as the server: its share is capacity
        # the server did not get.
        "cpu_s": {"locust": locust_cpu, "gunicorn_workers": round(server_cpu, 1),
                  "wall": round(wall, 1)},
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
    parser.add_argument("--capacity", action="store_true",
                        help="step the users up until the save p95 passes 150 ms (issue 17)")
    parser.add_argument("--start", type=int, default=25, help="--capacity: first step's users")
    parser.add_argument("--step", type=int, default=25, help="--capacity: users added per step")
    parser.add_argument("--step-seconds", type=int, default=30,
                        help="--capacity: seconds timed per step, once its users are in")
    parser.add_argument("--max-users", type=int, default=1000)
    args = parser.parse_args()
    django_setup()
    migrate()
    if args.capacity:
        report = capacity(employees=args.employees, start=args.start, step=args.step,
                          step_seconds=args.step_seconds, port=args.port, wait=args.wait,
                          max_users=args.max_users)
    else:
        report = run(employees=args.employees, users=args.users, seconds=args.seconds,
                     port=args.port, wait=args.wait)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
