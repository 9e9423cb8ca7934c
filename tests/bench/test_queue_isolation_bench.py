"""Queue isolation with the workers docker-compose.yml runs: a small version of
bench/queue_isolation_bench.py (real Redis, real worker processes)."""

import pytest
from django.db import connection

from bench import queue_isolation_bench as bench
from bench._reports import demo_round
from tests.workers import real_broker


def test_compose_runs_one_worker_per_queue_as_the_readme_says():
    from bench._setup import ROOT

    workers = bench.compose_workers()
    queues = sorted(" ".join(sorted(bench.worker_queues(c))) for c in workers.values())
    assert queues == ["default", "reports"], workers
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for queue in ("default", "reports"):
        assert f"celery -A config worker -Q {queue} " in readme


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_invitation_and_import_do_not_wait_behind_a_report_batch():
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database server they can share")
    from django.core.management import call_command

    call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
    rnd = demo_round(employees=20)
    with real_broker() as (broker, _client):
        # One process each (the compose commands otherwise): less CPU for a
        # smoke test, and a batch that takes longer than the mail needs.
        report = bench.run(rnd=rnd, reports=20, broker=broker, reports_concurrency=1,
                           default_concurrency=1, warm_reports=2, timeout=150)
    assert report["reports"] == 20
    for phase in ("idle", "during_batch"):
        assert report[phase]["invitation_s"] > 0 and report[phase]["import_s"] > 0, report
    # Had they queued behind the batch, every report would be done first.
    assert report["reports_done_when_mail_and_import_finished"] < 20, report
    assert report["finished_while_batch_rendering"], report
    assert report["ratio_invitation"] is not None and report["ratio_import"] is not None
