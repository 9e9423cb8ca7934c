"""A reminder sent from the round's page, then the close confirmation, in
headless Chromium: HR clicks "ส่งอีเมลเตือน" for a late rater, the page logs
it and the mail goes out; a second click is refused by the throttle; the
close shows what is pending before the button. Screenshots at 390 and 1366 px."""

import datetime as dt
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import Assignment, Participant, ReminderLog
from assessments.services import assignment_nominate, assignment_reopen, assignment_save
from assessments.services.ratings import round_indicator_ids
from competency.thaidate import thai_date
from tests.builders import make_team
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    SHOTS,
    _async_unsafe_allowed,
    browser,
    eager_celery,
    session,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def row_of(page, employee):
    return page.locator("#non-responders tr", has_text=employee.full_name)


@pytest.mark.django_db(transaction=True)
def test_a_reminder_sent_from_the_dashboard(live_server, browser, eager_celery):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    team = make_team(size=3)
    for e in [team.boss, *team.staff]:
        e.email = f"{e.employee_number.lower()}@example.go.th"
        e.save()
    # The round opened yesterday: its invitations are older than the throttle.
    ReminderLog.objects.update(sent_at=timezone.now() - dt.timedelta(days=1))
    late, done = team.staff[0], team.staff[1]
    answers = dict.fromkeys(round_indicator_ids(rnd=team.rnd), 2)
    for form in Assignment.objects.filter(round=team.rnd, rater=done):
        assignment_save(assignment=form, rater=done, answers=answers, submit=True)
    mail.outbox.clear()

    hr_page = session(browser, live_server, team.hr, width=1366)
    dashboard = f"{live_server.url}/rounds/{team.rnd.pk}/"
    hr_page.goto(dashboard)
    assert row_of(hr_page, done).count() == 0  # finished: not listed
    row_of(hr_page, late).locator("button:has-text('ส่งอีเมลเตือน')").click()
    hr_page.wait_for_load_state()
    assert "กำลังส่งอีเมลเตือน 1 คน" in hr_page.inner_text(".alert-success")
    log = hr_page.locator("#reminder-log + .reminder-sends li").first
    assert "เตือนโดยเจ้าหน้าที่" in log.inner_text() and late.full_name in log.inner_text()
    assert "ส่งแล้ว 1 คน" in log.inner_text()
    assert [m.to for m in mail.outbox] == [[late.email]]
    assert "ฉบับ" in mail.outbox[0].subject
    # The row says when, and a second click (or a second officer) mails nobody.
    assert thai_date(timezone.localdate(), short=True) in row_of(hr_page, late).inner_text()
    row_of(hr_page, late).locator("button:has-text('ส่งอีเมลเตือน')").click()
    hr_page.wait_for_load_state()
    assert "ระบบไม่ส่งซ้ำภายใน 60 นาที" in hr_page.inner_text(".alert-danger")
    assert len(mail.outbox) == 1
    hr_page.screenshot(path=str(SHOTS / "dashboard_reminders_1366.png"), full_page=True)
    phone = session(browser, live_server, team.hr, width=390)
    phone.goto(dashboard + "#non-responders")
    phone.screenshot(path=str(SHOTS / "dashboard_reminders_390.png"), full_page=True)
    # No sideways scrolling of the page on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # Something for each part of the close confirmation.
    reopened = Assignment.objects.get(round=team.rnd, rater=done, group="self")
    assignment_reopen(assignment=reopened, by=team.hr, reason="แก้คะแนนข้อ 1.2")
    target = Participant.objects.get(round=team.rnd, employee=team.staff[2])
    assignment_nominate(participant=target, rater=late, group="peer", by=None)
    hr_page.goto(dashboard)
    hr_page.click("a:has-text('ปิดรอบการประเมิน')")
    for part in ("#close-proposed", "#close-outstanding", "#close-reopened"):
        assert hr_page.locator(part).is_visible()
    assert done.full_name in hr_page.inner_text("#close-reopened")
    hr_page.screenshot(path=str(SHOTS / "close_confirmation_1366.png"), full_page=True)
    phone.goto(hr_page.url)
    phone.screenshot(path=str(SHOTS / "close_confirmation_390.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    hr_page.click("main form button:has-text('ปิดรอบการประเมิน')")
    hr_page.wait_for_load_state()
    assert "ปิดรอบการประเมินแล้ว" in hr_page.inner_text(".alert-success")
    assert done.full_name in hr_page.inner_text("#reopened-forms")
    team.rnd.refresh_from_db()
    assert team.rnd.state == "closed"
    reopened.refresh_from_db()
    assert reopened.allow_late  # the box was ticked by default
