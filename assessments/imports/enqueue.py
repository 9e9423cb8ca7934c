"""Where an import job's work runs: small files in the request, large ones in
the worker. Apart from :mod:`.jobs` so the tasks can import the job services
without a circle (tasks -> jobs; enqueue -> tasks)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from ..models import ImportJob
from ..tasks import import_job_run


def import_job_enqueue(*, job: ImportJob, action: str) -> None:
    """Run small files now; large ones go to a worker after the commit."""
    if job.file.size > settings.IMPORT_SYNC_MAX_BYTES:
        transaction.on_commit(lambda: import_job_run.delay(job.pk, action))
    else:
        import_job_run(job.pk, action)
