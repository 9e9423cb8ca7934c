"""No shared disk, and queues that do not block each other, with real worker processes.

Two ``celery worker`` processes, each with a media folder of its own, render a
closed round's reports into a real S3 API server (moto, tests/s3server.py);
the web process (this test, with no media folder at all) serves them. Then a
worker that consumes only the ``default`` queue sends a round's invitations
while the round's report tasks wait, unconsumed, on ``reports``.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Employee, ReminderLog, Round
from assessments.services import round_close
from assessments.tasks import round_invitations_send
from reports.models import ReportSnapshot
from tests.reports.scenario import rated_round
from tests.s3server import s3, s3_endpoint  # noqa: F401  (fixtures)
from tests.workers import real_broker, wait_until, worker_start, worker_stop

pytestmark = [pytest.mark.pipeline, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    with real_broker() as pair:
        yield pair


def test_two_workers_with_separate_disks_fill_the_bucket_the_web_serves(
        broker, s3, settings, tmp_path):  # noqa: F811
    url, _client = broker
    s3.use_in(settings)
    settings.MEDIA_ROOT = tmp_path / "web-has-no-media"
    r = rated_round(state=Round.State.OPEN)
    medias = [tmp_path / "media-a", tmp_path / "media-b"]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = []
    try:
        for name, media, log in zip(("a", "b"), medias, logs, strict=True):
            media.mkdir()
            procs.append(worker_start(name=name, queues="default,reports", broker=url,
                                      media=media, log=log, extra_env=s3.env()))
        wait_until(lambda: all("ready." in log.read_text(errors="replace") for log in logs),
                   procs, logs, "both workers to start")
        round_close(rnd=r.rnd)  # on commit -> reports queue -> both workers
        expected = r.rnd.participants.count()
        wait_until(lambda: ReportSnapshot.objects.filter(round=r.rnd, status="done").count()
                   == expected, procs, logs, "every report")
    finally:
        for proc in procs:
            worker_stop(proc)
    rendered = [log.read_text(errors="replace").count("reports.tasks.report_render[")
                for log in logs]
    assert all(rendered), f"each worker took reports: {rendered}"
    for media in medias:
        assert not [p for p in media.rglob("*") if p.is_file()], "a worker wrote to its disk"
    keys = s3.keys()
    snaps = list(ReportSnapshot.objects.filter(round=r.rnd))
    assert all(f"portal/{s.pdf.name}" in keys for s in snaps)

    client = Client()
    client.force_login(r.team.hr)  # closed, not released: HR reads it
    response = client.get(reverse("reports:participant_report_pdf",
                                  kwargs={"participant_pk": r.ratee.pk}))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not settings.MEDIA_ROOT.exists()


def test_invitations_go_out_while_report_tasks_wait_on_their_own_queue(broker, tmp_path):
    url, client = broker
    closing = rated_round(state=Round.State.OPEN)
    round_close(rnd=closing.rnd)  # its report tasks wait: nobody consumes "reports" yet
    assert client.llen("reports") >= 1
    opened = rated_round(state=Round.State.OPEN)
    for employee in opened.team.staff:
        Employee.objects.filter(pk=employee.pk).update(email=f"{employee.employee_number}@example.go.th")
    media, log = tmp_path / "media", tmp_path / "default.log"
    media.mkdir()
    proc = worker_start(name="default", queues="default", broker=url, media=media, log=log,
                  extra_env={})
    try:
        round_invitations_send.delay(opened.rnd.pk)
        wait_until(lambda: ReminderLog.objects.filter(round=opened.rnd,
                                                 kind=ReminderLog.Kind.INVITATION).exists(),
                   [proc], [log], "the invitations")
    finally:
        worker_stop(proc)
    assert client.llen("reports") >= 1  # the reports are still waiting, untouched
    assert not ReportSnapshot.objects.filter(round=closing.rnd, status="done").exists()
