"""Celery tasks: take primary keys, re-check state, call a service, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.core.exceptions import ValidationError

from config.celery import TASK_OPTIONS

from .imports.jobs import import_job_apply, import_job_check
from .mail import reminder_kind_due, round_send_mail
from .models import ImportJob, ReminderLog, Round


@shared_task(**TASK_OPTIONS, soft_time_limit=600, time_limit=660)
def import_job_run(job_id: int, action: str) -> None:
    """Dry run ("check") or apply an import job."""
    job = ImportJob.objects.select_related("agency").filter(pk=job_id).first()
    if job is None:
        return
    if action == "check":
        import_job_check(job=job)
    elif action == "apply":
        try:
            import_job_apply(job=job)
        except ValidationError:
            pass  # recorded on the job for the page to show


@shared_task(**TASK_OPTIONS)
def round_invitations_send(round_id: int) -> None:
    rnd = Round.objects.filter(pk=round_id, state=Round.State.OPEN).first()
    if rnd is not None:
        round_send_mail(rnd=rnd, kind=ReminderLog.Kind.INVITATION)


@shared_task(**TASK_OPTIONS)
def round_results_notice_send(round_id: int) -> None:
    rnd = Round.objects.filter(pk=round_id, state=Round.State.RELEASED).first()
    if rnd is not None:
        round_send_mail(rnd=rnd, kind=ReminderLog.Kind.RELEASED)


@shared_task(**TASK_OPTIONS)
def round_reminders_send(round_id: int) -> None:
    rnd = Round.objects.filter(pk=round_id, state=Round.State.OPEN).first()
    if rnd is None:
        return
    kind = reminder_kind_due(rnd=rnd)
    if kind is not None:
        round_send_mail(rnd=rnd, kind=kind)


@shared_task(**TASK_OPTIONS)
def reminders_daily() -> None:
    """Celery beat, once a day: one reminder task per open round."""
    for pk in Round.objects.filter(state=Round.State.OPEN).values_list("pk", flat=True):
        round_reminders_send.delay(pk)
