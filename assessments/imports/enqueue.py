"""Where an import job's work runs: small files in the request, large ones in
the worker. Apart from :mod:`.jobs` so the tasks can import the job services
without a circle (tasks -> jobs; enqueue -> tasks)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from competency.tabular import TabularFileError, xlsx_unpacked_size

from ..models import ImportJob
from ..tasks import import_job_run
from .recovery import import_job_handed_out


def _work_size(job: ImportJob) -> int:
    """What parsing the file costs. An XLSX is a zip: a 90 KB upload may unpack to
    30 MB of XML, so its unpacked size decides, not its size on disk."""
    size = job.file.size
    if job.original_name.lower().endswith(".xlsx"):
        with job.file.open("rb") as fh:
            data = fh.read()
        try:
            size = max(size, xlsx_unpacked_size(data))
        except TabularFileError:
            pass  # unreadable: the dry run says so at once, in the request
    return size


def import_job_enqueue(*, job: ImportJob, action: str) -> None:
    """Run small files now; large ones go to a worker after the commit."""
    import_job_handed_out(job=job)  # a lost task is found by its age (lost_tasks_sweep)
    if _work_size(job) > settings.IMPORT_SYNC_MAX_BYTES:
        transaction.on_commit(lambda: import_job_run.delay(job.pk, action))
    else:
        import_job_run(job.pk, action)
