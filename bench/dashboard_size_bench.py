"""Benchmark: the HR round dashboard's cost at two round sizes, in one run.

    .venv/bin/python bench/dashboard_size_bench.py \
        --small postgres://postgres@127.0.0.1:5432/dash1k --small-employees 1000 \
        --large postgres://postgres@127.0.0.1:5432/dash10k --large-employees 10000

Target (issue 17): the dashboard costs the same at 1,000 and 10,000
participants, within 1.2x. Each database holds the demo (seeded when missing
or smaller); one child process per database serves the dashboard of its open
round to django.test.Client (base settings, DEBUG off), and this process
asks them in turn for a few requests at a time, so that whatever else the
machine is doing weighs on both sizes alike. Per size: median CPU of the
Django process (time.process_time), mean CPU of its PostgreSQL backend
(/proc, 10 ms ticks: only the mean over many requests means anything),
queries, wall time. The figure compared is Django CPU + backend CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

try:
    from bench._setup import django_setup, machine, migrate
    from bench.request_cpu_bench import Meter
except ImportError:  # run as a script
    from _setup import django_setup, machine, migrate
    from request_cpu_bench import Meter

TARGET_RATIO = 1.2


def dashboard_client(*, employees: int):
    """(client logged in as the demo's HR officer, dashboard URL, participants),
    seeding the demo with ``employees`` people when it is missing or smaller."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from assessments import demo
    from assessments.models import Round

    rnd = Round.objects.filter(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN).first()
    if rnd is None or rnd.participants.count() < employees:
        call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        demo.seed_demo(employees=employees, reset=rnd is not None, hand_offs=False)
        rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.OPEN)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=demo.HR_USERNAME))
    return client, f"/rounds/{rnd.pk}/", rnd.participants.count()


def measure(*, client, url: str, requests: int, meter: Meter | None = None) -> Meter:
    """``requests`` dashboard GETs, each recorded in ``meter``."""
    from django.db import connection

    meter = meter or Meter()
    with connection.execute_wrapper(meter):
        for _ in range(requests):
            response = meter.run("dashboard", lambda: client.get(url))
            if response.status_code != 200:
                raise SystemExit(f"dashboard: HTTP {response.status_code}")
    return meter


def _serve(employees: int) -> None:
    """Child: seed, warm up, then answer "N" lines with N timed requests (JSON)."""
    django_setup()
    migrate()
    client, url, participants = dashboard_client(employees=employees)
    measure(client=client, url=url, requests=3)  # templates, translations, caches
    print(json.dumps({"participants": participants}), flush=True)
    for line in sys.stdin:
        meter = measure(client=client, url=url, requests=int(line))
        print(json.dumps(meter.samples["dashboard"]), flush=True)


def _child(database_url: str, employees: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=database_url)
    return subprocess.Popen(  # noqa: S603 - our interpreter, this script
        [sys.executable, __file__, "--serve", str(employees)], env=env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )


def summary(samples: list[dict]) -> dict:
    cpu = [1000 * s["cpu"] for s in samples]
    return {
        "n": len(samples),
        "cpu_ms_median": round(statistics.median(cpu), 2),
        "postgres_cpu_ms_mean": round(1000 * statistics.fmean(s["pg"] for s in samples), 2),
        "cost_ms": round(statistics.median(cpu)
                         + 1000 * statistics.fmean(s["pg"] for s in samples), 2),
        "queries": max(s["queries"] for s in samples),
        "sql_ms_median": round(1000 * statistics.median(s["sql"] for s in samples), 2),
        "wall_ms_median": round(1000 * statistics.median(s["wall"] for s in samples), 2),
    }


def run(*, small: tuple[str, int], large: tuple[str, int], requests: int,
        batch: int = 5) -> dict:
    children = {"small": _child(*small), "large": _child(*large)}
    try:
        sizes = {name: json.loads(c.stdout.readline())["participants"]
                 for name, c in children.items()}
        samples: dict[str, list[dict]] = {name: [] for name in children}
        started = time.perf_counter()
        while len(samples["large"]) < requests:
            for name, child in children.items():
                child.stdin.write(f"{batch}\n")
                child.stdin.flush()
                samples[name] += json.loads(child.stdout.readline())
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait(timeout=60)
    out = {name: {"participants": sizes[name], **summary(rows)}
           for name, rows in samples.items()}
    ratio = out["large"]["cost_ms"] / out["small"]["cost_ms"]
    return {
        "benchmark": "HR round dashboard: cost at two round sizes, alternating",
        "seconds": round(time.perf_counter() - started, 1),
        **out,
        "ratio_large_to_small": round(ratio, 3),
        "target": f"<= {TARGET_RATIO}",
        "met": ratio <= TARGET_RATIO,
    }


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        _serve(int(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", default="postgres://postgres@127.0.0.1:5432/dash1k")
    parser.add_argument("--small-employees", type=int, default=1000)
    parser.add_argument("--large", default="postgres://postgres@127.0.0.1:5432/dash10k")
    parser.add_argument("--large-employees", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=60, help="per size (default 60)")
    args = parser.parse_args()
    result = run(small=(args.small, args.small_employees),
                 large=(args.large, args.large_employees), requests=args.requests)
    os.environ.setdefault("DATABASE_URL", args.small)
    django_setup()
    result["machine"] = machine()
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
