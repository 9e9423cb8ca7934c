"""Reminders HR sends from the round's page: one rater, a selection, everyone
late; each recorded (who asked, when, to whom), throttled, and listed on the
page with the round's other mail."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.mail import reminder_send_run, round_send_mail
from assessments.models import Assignment, ReminderLog, ReminderSend
from assessments.services import round_close
from assessments.tasks import lost_tasks_sweep, round_reminder_send
from competency.templatetags.thai import person_name
from competency.thaidate import thai_date
from tests.builders import make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    from config.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def team():
    team = make_team(size=3)
    for e in [team.boss, *team.staff]:
        e.email = f"{e.employee_number.lower()}@example.go.th"
        e.save()
    return team


def remind(client, team, data, capture):
    client.force_login(team.hr)
    with capture(execute=True):
        response = client.post(reverse("hr:round_remind", args=[team.rnd.pk]), data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_one_rater_gets_a_reminder_with_forms_and_deadline(
        client, team, eager, django_capture_on_commit_callbacks):
    rater = team.boss  # self form + three subordinate forms
    messages = remind(client, team, {"rater": rater.pk}, django_capture_on_commit_callbacks)
    assert messages == ["กำลังส่งอีเมลเตือน 1 คน ผลการส่งแสดงในบันทึกการส่งอีเมล"]
    [message] = mail.outbox
    assert message.to == [rater.email]
    assert "4 ฉบับ" in message.subject and "4 ฉบับ" in message.body
    assert thai_date(team.rnd.deadline) in message.body  # Buddhist era
    send = ReminderSend.objects.get(kind="manual")
    assert (send.by, send.target, send.status, send.sent) == (team.hr, "one", "done", 1)
    log = ReminderLog.objects.get(kind="manual")
    assert (log.employee, log.send) == (rater, send)  # to whom, asked by whom and when


def test_past_the_deadline_the_mail_says_how_late(
        client, team, eager, django_capture_on_commit_callbacks):
    team.rnd.deadline = timezone.localdate() - dt.timedelta(days=2)
    team.rnd.save()
    remind(client, team, {"rater": team.staff[0].pk}, django_capture_on_commit_callbacks)
    assert "เลยมาแล้ว 2 วัน" in mail.outbox[0].body
    assert "อีก -2" not in mail.outbox[0].body


def test_a_double_click_mails_once_and_says_why(
        client, team, eager, django_capture_on_commit_callbacks):
    rater = team.staff[0]
    remind(client, team, {"rater": rater.pk}, django_capture_on_commit_callbacks)
    messages = remind(client, team, {"rater": rater.pk}, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "ระบบไม่ส่งซ้ำภายใน 60 นาที" in messages[-1]
    assert ReminderSend.objects.filter(kind="manual").count() == 1


def test_two_officers_at_once_mail_the_rater_once(team, eager):
    """Both requests passed the check before either was sent: the worker's
    own check, under the rater's row lock, still mails them once."""
    rater = team.staff[0]
    sends = [ReminderSend.objects.create(round=team.rnd, kind="manual", target="one", by=team.hr,
                                         employee_ids=[rater.pk]) for _ in range(2)]
    for send in sends:
        round_reminder_send(send.pk)
    assert len(mail.outbox) == 1
    counts = sorted(ReminderSend.objects.filter(kind="manual").values_list("sent", "skipped"))
    assert counts == [(0, 1), (1, 0)]


def test_the_task_twice_sends_once(team):
    send = ReminderSend.objects.create(round=team.rnd, kind="manual", target="late", by=team.hr)
    round_reminder_send(send.pk)
    first = len(mail.outbox)
    assert first == 4  # the boss and three staff owe forms
    round_reminder_send(send.pk)
    ReminderSend.objects.filter(pk=send.pk).update(status="queued")  # as if lost mid-way
    round_reminder_send(send.pk)
    assert len(mail.outbox) == first
    send.refresh_from_db()
    assert send.status == "done" and send.sent == 4


def test_after_the_window_a_new_reminder_goes_out(team, settings):
    rater = team.staff[0]
    first = ReminderSend.objects.create(round=team.rnd, kind="manual", target="one",
                                        employee_ids=[rater.pk])
    reminder_send_run(send=first)
    ReminderLog.objects.filter(send=first).update(
        sent_at=timezone.now() - dt.timedelta(minutes=settings.REMINDER_THROTTLE_MINUTES + 1))
    again = ReminderSend.objects.create(round=team.rnd, kind="manual", target="one",
                                        employee_ids=[rater.pk])
    reminder_send_run(send=again)
    assert len(mail.outbox) == 2


def test_selection_and_everyone_late(client, team, eager, django_capture_on_commit_callbacks):
    done = team.staff[2]
    Assignment.objects.filter(rater=done).update(status=Assignment.Status.SUBMITTED)
    chosen = [team.staff[0].pk, team.staff[1].pk]
    remind(client, team, {"scope": "selected", "employee": chosen},
           django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        e.email for e in team.staff[:2])
    assert ReminderSend.objects.get(target="selected").employee_ids == sorted(chosen)
    mail.outbox.clear()
    ReminderLog.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    remind(client, team, {"scope": "late"}, django_capture_on_commit_callbacks)
    # Everyone who owes a form, not the one who finished.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        e.email for e in [team.boss, *team.staff[:2]])


def test_the_recently_reminded_are_skipped_in_a_selection(
        client, team, eager, django_capture_on_commit_callbacks):
    remind(client, team, {"rater": team.staff[0].pk}, django_capture_on_commit_callbacks)
    remind(client, team, {"scope": "selected", "employee": [team.staff[0].pk, team.staff[1].pk]},
           django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [team.staff[0].email, team.staff[1].email]
    send = ReminderSend.objects.get(target="selected")
    assert (send.sent, send.skipped) == (1, 1)


@pytest.mark.parametrize("data, message", [
    ({"scope": "selected"}, "โปรดเลือกผู้ประเมินอย่างน้อยหนึ่งคน"),
    ({"scope": "selected", "employee": ["abc"]}, "ไม่ใช่ผู้ประเมินในรอบนี้"),
    ({"scope": "selected", "employee": ["9" * 40]}, "ไม่ใช่ผู้ประเมินในรอบนี้"),
    ({"rater": "\x00"}, "ไม่ใช่ผู้ประเมินในรอบนี้"),
    ({"rater": ""}, "ไม่ใช่ผู้ประเมินในรอบนี้"),
])
def test_bad_input_gets_a_thai_message(client, team, data, message,
                                       django_capture_on_commit_callbacks):
    messages = remind(client, team, data, django_capture_on_commit_callbacks)
    assert message in messages[0]
    assert not mail.outbox and not ReminderSend.objects.filter(kind="manual").exists()


def test_someone_of_another_round_or_agency_is_refused(
        client, team, django_capture_on_commit_callbacks):
    other = make_team(size=1)
    messages = remind(client, team, {"rater": other.staff[0].pk},
                      django_capture_on_commit_callbacks)
    assert "ไม่ใช่ผู้ประเมินในรอบนี้" in messages[0]
    messages = remind(client, team, {"scope": "selected",
                                     "employee": [team.staff[0].pk, other.staff[0].pk]},
                      django_capture_on_commit_callbacks)
    assert "ไม่ใช่ผู้ประเมินในรอบนี้" in messages[0]
    assert not mail.outbox


def test_someone_who_finished_is_not_reminded(client, team, django_capture_on_commit_callbacks):
    Assignment.objects.filter(rater=team.staff[0]).update(status=Assignment.Status.SUBMITTED)
    messages = remind(client, team, {"rater": team.staff[0].pk},
                      django_capture_on_commit_callbacks)
    assert messages == ["ผู้ที่เลือกส่งแบบประเมินครบแล้ว"]
    assert not mail.outbox


def test_closed_round_refuses_and_a_queued_send_is_cancelled(
        client, team, django_capture_on_commit_callbacks):
    send = ReminderSend.objects.create(round=team.rnd, kind="manual", target="late", by=team.hr)
    round_close(rnd=team.rnd)
    messages = remind(client, team, {"scope": "late"}, django_capture_on_commit_callbacks)
    assert messages == ["ส่งอีเมลเตือนได้เฉพาะรอบที่เปิดประเมินอยู่"]
    round_reminder_send(send.pk)  # the worker gets to it after the close
    send.refresh_from_db()
    assert send.status == "cancelled" and not mail.outbox


def test_the_sweeper_sends_a_lost_request(team, eager):
    round_send_mail(rnd=team.rnd, kind="invitation")  # else the sweeper sends these too
    ReminderLog.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    mail.outbox.clear()
    send = ReminderSend.objects.create(round=team.rnd, kind="manual", target="one",
                                       employee_ids=[team.staff[0].pk])
    ReminderSend.objects.filter(pk=send.pk).update(
        requested_at=timezone.now() - dt.timedelta(minutes=20))
    lost_tasks_sweep()
    send.refresh_from_db()
    assert send.status == "done" and len(mail.outbox) == 1


def test_the_page_lists_what_went_out_when(client, team, eager,
                                           django_capture_on_commit_callbacks):
    round_send_mail(rnd=team.rnd, kind="invitation")
    invitation = ReminderSend.objects.get(kind="invitation")
    assert (invitation.target, invitation.sent) == ("schedule", 4)
    ReminderLog.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    remind(client, team, {"rater": team.staff[1].pk}, django_capture_on_commit_callbacks)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    log = body[body.index('id="reminder-log"'):]
    assert log.index("เตือนโดยเจ้าหน้าที่") < log.index("เชิญประเมิน")  # newest first
    assert person_name(team.staff[1].full_name) in log
    assert "ส่งแล้ว 4 คน" in log and "ส่งแล้ว 1 คน" in log
    assert thai_date(timezone.localdate(), short=True) in log
    assert "ภายใน 60 นาที" in body
    assert reverse("hr:round_remind", args=[team.rnd.pk]) in body


def test_log_page_is_paginated_and_the_dashboard_links_to_it(client, team):
    for n in range(25):
        ReminderSend.objects.create(round=team.rnd, kind="before", status="done", sent=n + 1,
                                    requested_at=timezone.now() - dt.timedelta(days=n))
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    assert reverse("hr:round_reminders", args=[team.rnd.pk]) in body
    assert body.count("เตือนก่อนกำหนดส่ง</strong>") == 5
    url = reverse("hr:round_reminders", args=[team.rnd.pk])
    first = client.get(url).content.decode()
    assert first.count("เตือนก่อนกำหนดส่ง</strong>") == 20 and "หน้า 1 จาก 2" in first
    assert client.get(url, {"page": 2}).content.decode().count("เตือนก่อนกำหนดส่ง</strong>") == 5


def test_no_reminder_buttons_once_closed(client, team):
    round_close(rnd=team.rnd)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    assert reverse("hr:round_remind", args=[team.rnd.pk]) not in body
    assert "ผู้ที่ยังส่งแบบประเมินไม่ครบ" in body


def test_the_list_tells_invited_from_reminded(client, team, eager,
                                             django_capture_on_commit_callbacks):
    """The finding: the late-rater list's "last reminded" column showed the
    invitation's time too, so HR read "reminded this morning" for someone who
    had only been invited, and did not chase them."""
    round_send_mail(rnd=team.rnd, kind="invitation")
    ReminderLog.objects.update(sent_at=timezone.now() - dt.timedelta(hours=2))
    remind(client, team, {"rater": team.staff[1].pk}, django_capture_on_commit_callbacks)
    body = client.get(reverse("hr:round_dashboard", args=[team.rnd.pk])).content.decode()
    table = body[body.index('id="remind-form"'):body.index('id="reminder-log"')]
    assert "เตือนล่าสุด" not in table and "อีเมลล่าสุด" in table

    def row(employee):
        start = table.index(f'value="{employee.pk}" id="remind-{employee.pk}"')
        return table[start:table.index("</tr>", start)]

    assert 'class="text-muted text-nowrap">เตือนโดยเจ้าหน้าที่</div>' in row(team.staff[1])
    assert 'class="text-muted text-nowrap">เชิญประเมิน</div>' in row(team.staff[0])
    assert "เตือนโดยเจ้าหน้าที่" not in row(team.staff[0])
