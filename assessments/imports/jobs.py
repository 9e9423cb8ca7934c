"""The import job: upload, dry run, apply; each step records its outcome on the job."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from competency.tabular import printable

from ..models import Agency, ImportJob
from .employees import employees_apply, employees_plan
from .reading import ImportFileError, read_sheet
from .units import units_apply, units_plan

PLANNERS = {"units": (units_plan, units_apply), "employees": (employees_plan, employees_apply)}
__all__ = ["ImportFileError", "import_job_apply", "import_job_check", "import_job_create",
           "import_job_file_delete"]


def import_job_create(*, agency: Agency, kind: str, upload: UploadedFile, by) -> ImportJob:
    """Store an uploaded file as a job, refusing files over ``IMPORT_MAX_BYTES``."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("ไฟล์มีขนาด %(size)s เกินขนาดสูงสุดที่รับได้ %(limit)s "
              "โปรดแบ่งไฟล์เป็นหลายไฟล์ หรือบันทึกเป็น CSV")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    # The name is shown and stored: no control character (PostgreSQL refuses a NUL).
    name = printable(upload.name or "upload", limit=255)
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("รองรับเฉพาะไฟล์ .csv และ .xlsx"))
    return ImportJob.objects.create(
        agency=agency, kind=kind, file=upload, original_name=name[:255], created_by=by
    )


def _read(job: ImportJob):
    with job.file.open("rb") as fh:
        data = fh.read()
    return read_sheet(data=data, filename=job.original_name, kind=job.kind)


def _progress_writer(job: ImportJob):
    """Write progress where the polling page can see it.

    Inside the apply transaction an ordinary UPDATE stays invisible until
    commit, so on PostgreSQL progress goes through a second connection.
    SQLite (the embedded mode, where tasks run in the request) skips it.
    """
    side = None
    if connection.vendor == "postgresql":
        from django.db import connections

        side = connections.create_connection("default")

    def write(pct: int) -> None:
        if connection.in_atomic_block:
            if side is not None:
                with side.cursor() as cur:
                    cur.execute(
                        f"UPDATE {ImportJob._meta.db_table} SET progress = %s WHERE id = %s",  # noqa: S608
                        [pct, job.pk],
                    )
            return
        ImportJob.objects.filter(pk=job.pk).update(progress=pct)

    write.close = (lambda: side.close()) if side is not None else (lambda: None)
    return write


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run: read the file, check every row, keep the preview on the job.

    Safe to run twice; a job already applied is left alone.
    """
    if job.status in (ImportJob.Status.APPLIED, ImportJob.Status.APPLYING):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, progress=0,
                                               started_at=timezone.now())
    try:
        sheet = _read(job)
    except ImportFileError as exc:
        job.status, job.error, job.progress = ImportJob.Status.INVALID, str(exc), 100
        job.save(update_fields=["status", "error", "progress"])
        return job
    write = _progress_writer(job)
    try:
        plan = PLANNERS[job.kind][0](agency=job.agency, rows=sheet.rows, progress=write)
    finally:
        write.close()
    job.report = plan.as_report() | {
        "total": len(sheet.rows), "ignored_headers": sheet.ignored_headers,
    }
    job.encoding = sheet.encoding
    job.status = ImportJob.Status.INVALID if plan.errors else ImportJob.Status.CHECKED
    job.progress, job.error = 100, ""
    job.save(update_fields=["report", "encoding", "status", "progress", "error"])
    return job


def import_job_apply(*, job: ImportJob) -> ImportJob:
    """Apply a checked job in one transaction: everything or nothing.

    Running it again after success changes nothing (the job says APPLIED).
    """
    job.refresh_from_db()
    if job.status == ImportJob.Status.APPLIED:
        return job
    if job.status not in (ImportJob.Status.CHECKED, ImportJob.Status.APPLYING):
        raise ValidationError(_("นำเข้าได้เฉพาะไฟล์ที่ตรวจสอบแล้วและไม่มีข้อผิดพลาด"))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING, progress=0,
                                               started_at=timezone.now())
    write = _progress_writer(job)
    try:
        sheet = _read(job)
        plan = PLANNERS[job.kind][1](agency=job.agency, rows=sheet.rows, progress=write,
                                     by=job.created_by)
    except (ValidationError, ImportFileError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        job.status, job.error, job.progress = ImportJob.Status.FAILED, message, 100
        job.save(update_fields=["status", "error", "progress"])
        raise ValidationError(message) from exc
    finally:
        write.close()
    job.status, job.progress, job.applied_at = ImportJob.Status.APPLIED, 100, timezone.now()
    job.report = job.report | {"applied": plan.as_report()["counts"]}
    # The file, full of staff names, has served its purpose (PDPA).
    import_job_file_delete(job=job)
    job.save(update_fields=["status", "progress", "applied_at", "report", "file"])
    return job


def import_job_file_delete(*, job: ImportJob) -> None:
    """Delete the uploaded file from storage; the caller saves ``file`` ("")."""
    if job.file:
        job.file.delete(save=False)
