"""Tiny runs of the report and load benchmarks so they keep working (real runs by hand)."""

import os
import shutil
import socket
import sys

import pytest
import redis
from django.db import connection

from bench import loadtest_bench, report_render_bench, report_throughput_bench
from bench._reports import demo_round


def _demo_round():
    from django.core.management import call_command

    call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
    return demo_round(employees=20)


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark's processes need a database server they can share")


@pytest.mark.django_db
def test_render_benchmark_pipeline_gives_the_straightforward_bytes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = report_render_bench.run(rnd=_demo_round(), repeat=2, reports=2, rss_reports=2)
    single = report["single"]
    assert single["identical_output"]
    assert single["pipeline"]["median_cpu_s"] > 0
    assert single["pipeline_cpu_split"]["pages"] >= 1
    assert report["many"]["reports"] == 2
    assert len(report["rss"]["rss_samples_mb"]) == 2


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_throughput_benchmark_with_a_real_worker():
    _needs_postgres()
    url = os.environ.get("CELERY_BROKER_URL", "")
    broker = url if url.startswith("redis://") else "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(broker).ping()
    except redis.ConnectionError:
        pytest.skip(f"needs Redis at {broker}")
    report = report_throughput_bench.run(rnd=_demo_round(), count=3, broker=broker,
                                         concurrency=1, timeout=150, sample_every=0.5)
    assert report["done"] == 3, report
    assert report["failed"] == 0
    assert report["reports_per_s"] > 0
    assert report["rss_mb_last"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_load_test_runs_against_gunicorn():
    _needs_postgres()
    if shutil.which("locust", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("locust is not installed (dev extras)")
    _demo_round()
    # The test settings: their password hasher is the one the demo's hash was made with.
    report = loadtest_bench.run(employees=20, users=3, seconds=4, port=_free_port(),
                                settings_module="config.settings.test")
    assert report["total_requests"] > 0, report
    assert report["errors"] == 0, report
    assert "dashboard" in report["requests"] or "form save (draft)" in report["requests"]
