"""Benchmark: ``seed_demo --employees N`` on PostgreSQL (default 10,000 people).

    .venv/bin/python bench/seed_demo_bench.py            # 10,000 people, database "bench"

Creates the ``bench`` database if missing, migrates, then times a fresh seed
(``--reset``, report hand-offs off as the command does above 1,000 people).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

try:
    from bench._setup import BENCH_DATABASE_URL, django_setup, machine, migrate
except ImportError:  # run as a script: bench/ is on sys.path, not the repository root
    from _setup import BENCH_DATABASE_URL, django_setup, machine, migrate


def ensure_database(url: str) -> None:
    """``createdb`` the benchmark database when it is the default one and missing."""
    if url != BENCH_DATABASE_URL:
        return
    probe = subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",  # noqa: S607
         "SELECT 1 FROM pg_database WHERE datname = 'bench'"],
        capture_output=True, text=True, check=True,
    )
    if probe.stdout.strip() != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "bench"],  # noqa: S603,S607
                       check=True)


def run(*, employees: int, seed: int = 1) -> dict:
    """Seed afresh and return the timing and what was created."""
    from assessments import demo

    started = time.perf_counter()
    demo.demo_delete()  # a previous run's demo; not part of the figure
    deleted = time.perf_counter() - started
    started = time.perf_counter()
    result = demo.seed_demo(employees=employees, seed=seed, hand_offs=False)
    seconds = time.perf_counter() - started
    return {"benchmark": "seed_demo", "employees": employees, "seconds": round(seconds, 1),
            "delete_previous_seconds": round(deleted, 1), **result.counts}


def main() -> None:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ensure_database(os.environ.get("DATABASE_URL", BENCH_DATABASE_URL))
    django_setup()
    migrate()
    from django.core.management import call_command

    call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
    report = run(employees=args.employees, seed=args.seed)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
