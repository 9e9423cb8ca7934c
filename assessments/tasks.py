"""Celery tasks: take primary keys, re-check state, call a service, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.contrib.auth import get_user_model

from config.celery import TASK_OPTIONS

from .accounts.services import accounts_activation_send, password_reset_send
from .imports import recovery
from .mail import (
    reminder_kind_due,
    reminder_send_run,
    reminder_sends_unfinished,
    round_send_mail,
    rounds_with_unsent_mail,
)
from .models import Agency, ReminderLog, ReminderSend, Round
from .permissions import is_hr


@shared_task(**TASK_OPTIONS, soft_time_limit=600, time_limit=660)
def import_job_run(job_id: int, action: str) -> None:
    """Dry run ("check") or apply an import job; any failure ends the job "failed"."""
    recovery.import_job_step(job_id=job_id, action=action)


@shared_task(**TASK_OPTIONS)
def import_files_purge() -> None:
    """Celery beat, daily: uploaded files past IMPORT_FILE_RETENTION_DAYS."""
    recovery.import_files_purge()


@shared_task(**TASK_OPTIONS)
def lost_tasks_sweep() -> None:
    """Celery beat, every 5 minutes: import steps and mail (also HR's reminders)
    whose task was lost."""
    for job_id, action in recovery.import_jobs_sweep():
        import_job_run.delay(job_id, action)
    for round_id, kind in rounds_with_unsent_mail():
        task = round_invitations_send if kind == ReminderLog.Kind.INVITATION \
            else round_results_notice_send
        task.delay(round_id)
    for send_id in reminder_sends_unfinished():
        round_reminder_send.delay(send_id)


@shared_task(**TASK_OPTIONS, soft_time_limit=120, time_limit=150)
def counters_vacuum() -> None:
    """After a bulk write (a round opened): the counter tables' dead row versions
    go at once, not at autovacuum's next pass. Safe to run any time, twice."""
    # Imported here: the services package imports this module (round_open hands this task on).
    from .services.counters import counter_tables_vacuum

    counter_tables_vacuum()


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


# "Everyone late" in a large round: one mail after another.
@shared_task(**TASK_OPTIONS, soft_time_limit=3600, time_limit=3660)
def round_reminder_send(send_id: int) -> None:
    """HR's reminder from the round's page; the service re-checks the round
    and each rater, and skips whoever it already mailed."""
    send = ReminderSend.objects.filter(pk=send_id).first()
    if send is not None:
        reminder_send_run(send=send)


@shared_task(**TASK_OPTIONS)
def reminders_daily() -> None:
    """Celery beat, once a day: one reminder task per open round."""
    for pk in Round.objects.filter(state=Round.State.OPEN).values_list("pk", flat=True):
        round_reminders_send.delay(pk)


# An agency's whole staff at once: one mail after another, well past the default limit.
@shared_task(**TASK_OPTIONS, soft_time_limit=3600, time_limit=3660)
def people_activation_send(agency_id: int, employee_ids: list[int] | None, by_id: int,
                           requested_at: str) -> None:
    """Activation links for people of an agency (all not yet activated when
    ``employee_ids`` is None), sent on behalf of HR officer ``by_id``."""
    agency = Agency.objects.filter(pk=agency_id).first()
    by = get_user_model().objects.filter(pk=by_id, is_active=True).first()
    if agency is None or by is None or not is_hr(by, agency):
        return
    accounts_activation_send(agency=agency, employee_ids=employee_ids, by=by,
                             requested_at=dt.datetime.fromisoformat(requested_at))


@shared_task(**TASK_OPTIONS)
def password_reset_mail_send(email: str) -> None:
    """The reset link for whoever ``email`` belongs to (possibly nobody). Sent
    from the worker so that the page answers alike, and as fast, either way."""
    password_reset_send(email=email)
