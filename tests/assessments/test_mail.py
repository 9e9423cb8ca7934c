"""Invitations, deadline reminders (each person once per reminder) and the results notice."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from assessments.mail import reminder_kind_due, round_send_mail
from assessments.models import Assignment, ReminderLog
from assessments.services import round_close, round_extend_deadline, round_open, round_release
from assessments.tasks import reminders_daily, round_reminders_send
from competency.thaidate import thai_date
from tests.builders import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    """Run .delay() in-process even when the environment names a broker."""
    from config.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


def team_with_email(**kw):
    team = make_team(size=3, open_round=False, **kw)
    for e in [team.boss, *team.staff]:
        e.email = f"{e.employee_number.lower()}@example.go.th"
        e.save()
    return team


def test_round_open_sends_invitations_after_commit(django_capture_on_commit_callbacks, eager):
    team = team_with_email()
    with django_capture_on_commit_callbacks(execute=True):
        rnd = round_open(rnd=team.rnd)
    raters = set(Assignment.objects.filter(round=rnd).values_list("rater__email", flat=True))
    assert {m.to[0] for m in mail.outbox} == raters
    boss_mail = next(m for m in mail.outbox if m.to[0] == team.boss.email)
    assert "เชิญร่วมประเมินสมรรถนะ" in boss_mail.subject
    assert thai_date(rnd.deadline) in boss_mail.body  # Buddhist-era date
    assert str(rnd.deadline.year + 543) in boss_mail.body
    assert "แบบประเมินที่ต้องกรอก 4 ฉบับ" in boss_mail.body  # self + 3 staff


def test_reminder_run_twice_sends_nothing_the_second_time():
    team = team_with_email(reminder_days=3)
    rnd = round_open(rnd=team.rnd)
    rnd.deadline = timezone.localdate() + dt.timedelta(days=2)
    rnd.save()
    # One rater finished everything: no reminder for them.
    done = team.staff[0]
    Assignment.objects.filter(rater=done).update(status=Assignment.Status.SUBMITTED)
    round_reminders_send(rnd.pk)
    first = len(mail.outbox)
    assert first == 3  # boss and two staff
    assert done.email not in {m.to[0] for m in mail.outbox}
    assert "เหลือเวลาส่งแบบประเมินอีก 2 วัน" in mail.outbox[0].subject
    round_reminders_send(rnd.pk)
    assert len(mail.outbox) == first
    assert ReminderLog.objects.filter(round=rnd, kind="before").count() == 3


def test_deadline_day_reminder_and_extension_earns_a_new_one():
    team = team_with_email(reminder_days=3)
    rnd = round_open(rnd=team.rnd)
    later = rnd.deadline  # two weeks ahead, within the round's fiscal half
    rnd.deadline = timezone.localdate()
    rnd.save()
    assert reminder_kind_due(rnd=rnd) == ReminderLog.Kind.DUE
    assert round_send_mail(rnd=rnd, kind="due").sent == 4
    assert "วันสุดท้าย" in mail.outbox[0].subject
    assert round_send_mail(rnd=rnd, kind="due").sent == 0
    rnd = round_extend_deadline(rnd=rnd, deadline=later)
    assert round_send_mail(rnd=rnd, kind="due").sent == 4  # a reminder about the new deadline


def test_no_reminder_outside_the_window():
    team = team_with_email(reminder_days=3)
    rnd = round_open(rnd=team.rnd)
    rnd.deadline = timezone.localdate() + dt.timedelta(days=10)
    assert reminder_kind_due(rnd=rnd) is None
    rnd.deadline = timezone.localdate() - dt.timedelta(days=1)
    assert reminder_kind_due(rnd=rnd) is None
    rnd.reminder_days = 0
    rnd.deadline = timezone.localdate() + dt.timedelta(days=1)
    assert reminder_kind_due(rnd=rnd) is None


def test_the_database_refuses_a_second_log_row():
    team = team_with_email()
    rnd = round_open(rnd=team.rnd)
    ReminderLog.objects.create(round=rnd, employee=team.boss, kind="invitation",
                               deadline=rnd.deadline)
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(round=rnd, employee=team.boss, kind="invitation",
                                   deadline=rnd.deadline + dt.timedelta(days=1))


def test_people_without_email_are_counted_not_failed():
    team = make_team(size=2)
    result = round_send_mail(rnd=team.rnd, kind="invitation")
    assert (result.sent, result.no_email) == (0, 3)
    assert not mail.outbox


def test_results_notice_once_per_participant(django_capture_on_commit_callbacks, eager):
    team = team_with_email()
    rnd = round_open(rnd=team.rnd)
    round_close(rnd=rnd)
    with django_capture_on_commit_callbacks(execute=True):
        round_release(rnd=rnd)
    assert len(mail.outbox) == 4
    assert "ประกาศผลการประเมินสมรรถนะ" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        round_release(rnd=rnd)  # a re-release does not mail everyone again
    assert len(mail.outbox) == 4


def test_daily_beat_task_enqueues_one_task_per_open_round():
    team = team_with_email()
    rnd = round_open(rnd=team.rnd)
    with mock.patch("assessments.tasks.round_reminders_send.delay") as delay:
        reminders_daily()
    delay.assert_called_once_with(rnd.pk)


def test_beat_schedule_is_configured(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["assessments-reminders-daily"]
    assert entry["task"] == "assessments.tasks.reminders_daily"
