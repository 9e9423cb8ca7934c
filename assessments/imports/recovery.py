"""An import job never stays stuck: a step that fails for any reason ends
"failed" with a message HR can read; HR retries or discards it; a step whose
task was lost (the worker died) is found by the sweeper; the uploaded file,
full of staff names, is deleted once it is no longer needed.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.celery import TRANSIENT_ERRORS

from ..models import ImportJob
from .jobs import import_job_apply, import_job_check, import_job_file_delete

log = logging.getLogger(__name__)
Status = ImportJob.Status
# A step handed out again at most this many times before the job is failed:
# a file that kills the worker (memory, a crash in a parser) must not loop.
MAX_ATTEMPTS = 2


def import_job_step(*, job_id: int, action: str) -> None:
    """Run the dry run ("check") or the apply; whatever goes wrong is recorded.

    Transient database errors are raised again (when the failure cannot even
    be written down), so that Celery retries the task.
    """
    job = ImportJob.objects.select_related("agency").filter(pk=job_id).first()
    if job is None or job.status == Status.DISCARDED:
        return
    try:
        if action == "check":
            import_job_check(job=job)
        elif action == "apply":
            import_job_apply(job=job)
    except ValidationError:
        pass  # recorded on the job for the page to show
    except Exception as exc:  # noqa: BLE001 - nothing may leave a job running for ever
        log.exception("import job %s: %s failed", job_id, action)
        try:
            import_job_fail(job_id=job_id, message=_(
                "ระบบขัดข้องระหว่างประมวลผลไฟล์ ข้อมูลยังไม่ถูกเปลี่ยนแปลง "
                "โปรดกด “ลองใหม่” หรือยกเลิกงานนี้แล้วอัปโหลดไฟล์ใหม่ "
                "หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ (งานนำเข้าหมายเลข %(id)s)"
            ) % {"id": job_id})
        except TRANSIENT_ERRORS:
            raise exc from None


def import_job_fail(*, job_id: int, message: str) -> None:
    """End a job as failed (the apply is one transaction, so nothing was written)."""
    ImportJob.objects.filter(pk=job_id).exclude(status__in=(Status.APPLIED, Status.DISCARDED)) \
        .update(status=Status.FAILED, error=message, progress=100)


def import_job_handed_out(*, job: ImportJob) -> None:
    """Note that a step was handed to a worker now (the sweeper measures from here)."""
    job.started_at = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(started_at=job.started_at)


def import_job_retry(*, job: ImportJob) -> ImportJob:
    """Start again from the dry run: the organisation may have changed since."""
    job.refresh_from_db()
    if job.status != Status.FAILED:
        raise ValidationError(_("ลองใหม่ได้เฉพาะงานนำเข้าที่ไม่สำเร็จ"))
    if not job.file:
        raise ValidationError(_("ไฟล์ของงานนี้ถูกลบแล้ว โปรดอัปโหลดไฟล์ใหม่"))
    job.status, job.error, job.progress, job.attempts = Status.UPLOADED, "", 0, 0
    job.report = {}
    job.save(update_fields=["status", "error", "progress", "attempts", "report"])
    return job


@transaction.atomic
def import_job_discard(*, job: ImportJob) -> ImportJob:
    """HR gives up on a job: its file and its preview (names) are deleted."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (Status.APPLIED, Status.DISCARDED, Status.CHECKING, Status.APPLYING):
        raise ValidationError(_("ยกเลิกได้เฉพาะงานที่ยังไม่ได้นำเข้าและไม่ได้กำลังประมวลผล"))
    import_job_file_delete(job=job)
    job.status, job.report = Status.DISCARDED, _counts_only(job.report)
    job.save(update_fields=["status", "report", "file"])
    return job


def _counts_only(report: dict) -> dict:
    """A preview without the rows (names, numbers): what the job list still shows."""
    return {k: v for k, v in (report or {}).items() if k in ("counts", "applied", "total")}


def import_jobs_sweep(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Find steps whose task was lost; return the (job id, action) to hand out again.

    A step older than ``IMPORT_STUCK_AFTER_MINUTES`` (longer than a task's hard
    time limit) has no live task. It is handed out again up to MAX_ATTEMPTS
    times (the dry run writes nothing; the apply is one transaction that a dead
    worker rolled back), then the job is failed with a message.
    """
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.IMPORT_STUCK_AFTER_MINUTES)
    again = []
    stuck = ImportJob.objects.filter(status__in=ImportJob.RUNNING_STATES, started_at__lt=limit)
    for job in stuck:
        if job.attempts >= MAX_ATTEMPTS:
            log.warning("import job %s stuck in %s: failed", job.pk, job.status)
            import_job_fail(job_id=job.pk, message=_(
                "การประมวลผลไฟล์หยุดลงกลางคันหลายครั้ง ข้อมูลยังไม่ถูกเปลี่ยนแปลง "
                "ไฟล์อาจใหญ่หรือซับซ้อนเกินไป โปรดแบ่งไฟล์หรือบันทึกเป็น CSV แล้วลองใหม่"))
            continue
        action = "apply" if job.status == Status.APPLYING else "check"
        ImportJob.objects.filter(pk=job.pk).update(attempts=job.attempts + 1, started_at=now)
        log.warning("import job %s stuck in %s: handed out again", job.pk, job.status)
        again.append((job.pk, action))
    return again


def import_files_purge(*, now: dt.datetime | None = None) -> int:
    """Delete uploaded files (and the named rows of the preview) of jobs older
    than ``IMPORT_FILE_RETENTION_DAYS`` that are not running. Returns how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    done = 0
    old = ImportJob.objects.filter(created_at__lt=limit).exclude(
        status__in=(Status.CHECKING, Status.APPLYING))
    for job in old.exclude(file="", status=Status.DISCARDED):
        if not job.file and job.report == _counts_only(job.report):
            continue
        import_job_file_delete(job=job)
        job.report = _counts_only(job.report)
        job.save(update_fields=["file", "report"])
        done += 1
    return done
