"""No stuck import job and no forgotten file (issue 14): a step that fails for
any reason ends "failed" and can be retried or discarded; a lost task is found
by the sweeper; uploaded files go once applied, discarded or old. Mail whose
task was lost is found the same way."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.imports import jobs, recovery
from assessments.mail import rounds_with_unsent_mail
from assessments.models import Employee, ImportJob, ReminderLog
from assessments.services import round_open
from assessments.tasks import import_files_purge, lost_tasks_sweep
from tests.builders import make_team
from tests.factories import HrOfficerFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager():
    """The sweeper's .delay() runs in-process, whatever broker the environment names."""
    from config.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old

CSV = ("เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n"
       "1001,สมชาย,ใจดี,นักวิชาการ,วิชาการ,ปฏิบัติการ,B01\r\n")


def hr_client(client):
    hr = HrOfficerFactory()
    OrgUnitFactory(agency=hr.agency, code="B01")
    client.force_login(hr.user)
    return client, hr.agency


def upload(client, agency):
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "employees"})
    response = client.post(url, {"file": SimpleUploadedFile("staff.csv", CSV.encode())})
    assert response.status_code == 302
    return ImportJob.objects.get(agency=agency)


def boom(**kwargs):
    raise RuntimeError("something nobody foresaw")


def test_a_dry_run_that_raises_ends_failed_and_can_be_retried(client, monkeypatch):
    # Before: the exception left the view (HTTP 500) and the job "checking" for ever.
    client, agency = hr_client(client)
    monkeypatch.setitem(jobs.PLANNERS, "employees", (boom, jobs.PLANNERS["employees"][1]))
    job = upload(client, agency)
    assert job.status == ImportJob.Status.FAILED and job.progress == 100
    assert "ระบบขัดข้อง" in job.error and f"หมายเลข {job.pk}" in job.error
    page = client.get(reverse("hr:import_job", kwargs={"pk": job.pk})).content.decode()
    assert "ระบบขัดข้อง" in page and "ลองใหม่" in page and "ยกเลิกงานนี้และลบไฟล์" in page
    monkeypatch.undo()
    client.post(reverse("hr:import_job_retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.error == ""


def test_an_apply_that_raises_ends_failed_writes_nothing_then_applies(client, monkeypatch):
    client, agency = hr_client(client)
    job = upload(client, agency)
    plan = jobs.PLANNERS["employees"][0]
    monkeypatch.setitem(jobs.PLANNERS, "employees", (plan, boom))
    response = client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and not Employee.objects.exists()
    monkeypatch.undo()
    client.post(reverse("hr:import_job_retry", kwargs={"pk": job.pk}))
    client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED and Employee.objects.count() == 1


def test_the_file_is_deleted_once_applied(client):
    client, agency = hr_client(client)
    job = upload(client, agency)
    name = job.file.name
    assert default_storage.exists(name)
    client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED
    assert not job.file and not default_storage.exists(name)
    page = client.get(reverse("hr:import_job", kwargs={"pk": job.pk}))
    assert page.status_code == 200


def test_a_vanished_file_fails_the_job_with_a_message(client):
    client, agency = hr_client(client)
    job = upload(client, agency)
    default_storage.delete(job.file.name)
    recovery.import_job_step(job_id=job.pk, action="apply")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "ระบบขัดข้อง" in job.error


def test_discard_deletes_the_file_and_the_named_preview(client):
    client, agency = hr_client(client)
    job = upload(client, agency)
    name = job.file.name
    assert "สมชาย" in str(job.report)
    response = client.post(reverse("hr:import_job_discard", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DISCARDED and not default_storage.exists(name)
    assert "สมชาย" not in str(job.report) and job.report["counts"]["create"] == 1
    again = client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}), follow=True)
    assert again.status_code == 200 and not Employee.objects.exists()
    assert client.post(reverse("hr:import_job_retry", kwargs={"pk": job.pk})).status_code == 302


def stuck(job, status, minutes):
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, started_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_the_sweeper_hands_a_lost_dry_run_out_again(client):
    client, agency = hr_client(client)
    job = upload(client, agency)
    stuck(job, ImportJob.Status.CHECKING, minutes=5)  # within the limit: a live task
    lost_tasks_sweep()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKING and job.attempts == 0
    stuck(job, ImportJob.Status.CHECKING, minutes=60)  # the worker died with it
    lost_tasks_sweep()  # tasks run eagerly here: the job is checked again at once
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.attempts == 1


def test_a_job_lost_again_and_again_ends_failed(client):
    client, agency = hr_client(client)
    job = upload(client, agency)
    for attempt in range(recovery.MAX_ATTEMPTS):
        stuck(job, ImportJob.Status.APPLYING, minutes=60)
        assert recovery.import_jobs_sweep() == [(job.pk, "apply")]
        job.refresh_from_db()
        assert job.attempts == attempt + 1
    stuck(job, ImportJob.Status.APPLYING, minutes=60)
    assert recovery.import_jobs_sweep() == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "หยุดลงกลางคัน" in job.error


@override_settings(IMPORT_FILE_RETENTION_DAYS=7)
def test_files_past_the_retention_period_are_purged(client):
    client, agency = hr_client(client)
    old, new = upload(client, agency), None
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    new = upload_again(client, agency)
    import_files_purge()
    old.refresh_from_db()
    new.refresh_from_db()
    assert not old.file and "สมชาย" not in str(old.report) and old.report["counts"]
    assert new.file and default_storage.exists(new.file.name) and "สมชาย" in str(new.report)


def upload_again(client, agency):
    url = reverse("hr:import_upload", kwargs={"agency": agency.code, "kind": "employees"})
    client.post(url, {"file": SimpleUploadedFile("staff2.csv", CSV.encode())})
    return ImportJob.objects.filter(agency=agency).order_by("-pk").first()


def test_the_sweeper_sends_invitations_a_lost_task_never_sent():
    team = make_team(size=2, open_round=False)
    for person in [team.boss, *team.staff]:
        person.email = f"{person.employee_number.lower()}@example.go.th"
        person.save()
    rnd = round_open(rnd=team.rnd)  # its mail task is only enqueued on commit: never ran
    assert not mail.outbox and rounds_with_unsent_mail() == [(rnd.pk, "invitation")]
    lost_tasks_sweep()
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.filter(round=rnd, kind="invitation").count() == 3
    assert rounds_with_unsent_mail() == []
    lost_tasks_sweep()
    assert len(mail.outbox) == 3
