"""Shared start-up of the benchmark scripts: Django on the benchmark database."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"


def django_setup() -> None:
    """Base settings (DEBUG off, eager Celery unless a broker is set) on ``bench``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0)


def machine() -> dict:
    """Cores, memory and database, for docs/benchmarks.md."""
    from django.db import connection

    mem_kb = 0
    try:
        with open("/proc/meminfo") as fh:
            mem_kb = int(fh.readline().split()[1])
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        # Which build: Debian's (PGO + LTO) or a plain source build such as pyenv's
        # runs the same Python code 20 % apart (docs/benchmarks.md, section 3).
        "python_executable": getattr(sys, "_base_executable", sys.executable),
        "database": f"{connection.vendor} {connection.Database.__name__}",
        "load_avg_1m": os.getloadavg()[0],
    }


def database_url() -> str:
    """URL of the database Django is connected to, for worker and server processes
    started by a benchmark (in the smoke tests: pytest-django's test database)."""
    from urllib.parse import quote

    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"
