"""Tiny runs of the report and load benchmarks so they keep working (real runs by hand)."""

import os
import shutil
import socket
import sys

import pytest
from django.db import connection

from bench import (
    loadtest_bench,
    report_render_bench,
    report_throughput_bench,
    report_vs_chromium_bench,
)
from bench._reports import demo_round
from tests.workers import real_broker


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


@pytest.mark.django_db
def test_chromium_benchmark_renders_the_same_reports_both_ways(settings, tmp_path):
    if not os.path.exists(report_vs_chromium_bench.CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (scripts/setup installs it)")
    settings.MEDIA_ROOT = tmp_path
    htmls = report_vs_chromium_bench.report_htmls(rnd=_demo_round(), count=2)
    report = report_vs_chromium_bench.run(htmls=htmls, rounds=1)
    assert report["reports"] == 2
    for name in ("pipeline", "chromium"):
        assert report[name]["cpu_s_per_report"] > 0, report
        assert report[name]["pdf_kb_mean"] > 10  # a real PDF with the Thai fonts
    assert report["chromium"]["chromium_processes"] >= 2  # browser and renderer counted
    assert report["cpu_ratio_pipeline_to_chromium"] > 0


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_throughput_benchmark_with_a_real_worker():
    _needs_postgres()
    # This xdist process's own Redis database (tests/workers.py): another
    # process's worker must not take these tasks.
    with real_broker() as (broker, _client):
        report = report_throughput_bench.run(rnd=_demo_round(), count=3, broker=broker,
                                             concurrency=1, timeout=150, sample_every=0.5)
    assert report["done"] == 3, report
    assert report["failed"] == 0
    assert report["reports_per_s"] > 0
    assert report["rss_mb_last"]


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_throughput_scaling_benchmark_runs_one_and_two_processes():
    _needs_postgres()
    with real_broker() as (broker, _client):
        report = report_throughput_bench.scaling(rnd=_demo_round(), count=4, broker=broker,
                                                 rounds=1, sample_every=0.5)
    assert [len(report["runs"][n]) for n in (1, 2)] == [1, 1], report
    assert report["rate_1_process"] > 0 and report["rate_2_processes"] > 0
    assert report["ratio"] == pytest.approx(
        report["rate_2_processes"] / report["rate_1_process"], rel=0.02)
    assert report["projected_10000_minutes_2_processes"] > 0
    assert isinstance(report["met"], bool)


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


@pytest.mark.django_db(transaction=True)
def test_load_test_capacity_steps_the_users_up():
    _needs_postgres()
    if shutil.which("locust", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("locust is not installed (dev extras)")
    _demo_round()
    # Two HR officers are always among the users: 3 is the first count with a rater.
    report = loadtest_bench.capacity(employees=20, start=3, step=1, step_seconds=3, settle=0,
                                     max_users=4, port=_free_port(), wait="0.1,0.3",
                                     settings_module="config.settings.test")
    steps = report["steps"]
    # Two steps (3 users, then 4), unless the first one already passed the limit.
    assert [s["users"] for s in steps] in ([3, 4], [3]), report
    assert sum(s["requests"] for s in steps) > 0, report
    assert not any(s["failures"] for s in steps), report
    timed = [s["users"] for s in steps if "form save (draft)" in s]
    assert timed, report  # a save was timed
    under = [s["users"] for s in steps
             if 0 < s.get("form save (draft)", {}).get("p95_ms", 0) <= 150]
    assert report["most_users_under_limit"] == (max(under) if under else None)
    assert report["cpu_s"]["locust"] > 0 and report["cpu_s"]["gunicorn_workers"] > 0


@pytest.mark.django_db(transaction=True)
def test_dashboard_size_benchmark_alternates_two_processes():
    """Both child processes on the test database's demo (one size: neither
    reseeds under the other); the real run gives each size its own database."""
    from bench import dashboard_size_bench
    from bench._setup import database_url

    _needs_postgres()
    _demo_round()
    url = database_url()
    report = dashboard_size_bench.run(small=(url, 20), large=(url, 20), requests=2, batch=1)
    for size in ("small", "large"):
        assert report[size]["participants"] >= 20, report
        assert report[size]["n"] == 2
        assert report[size]["cpu_ms_median"] > 0
        assert report[size]["queries"] > 5  # the real page, not an error page
    assert report["ratio_large_to_small"] > 0
