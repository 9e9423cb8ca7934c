"""A whole round in headless Chromium: HR opens it, the employee nominates a peer
and rates themselves, the supervisor approves and rates, the peer rates, HR closes
and releases, and the employee opens their report."""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from assessments.models import Assignment, Round
from assessments.services import round_create
from tests.builders import load_catalogue, round_dates
from tests.factories import AgencyFactory, EmployeeFactory, HrOfficerFactory, OrgUnitFactory

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct-horse-battery"
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", "/tmp/e2e-screenshots"))

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; Django's ORM refuses
    to run inside one unless told it is safe (the test drives one request at a time).
    Scoped to these tests: the variable must not leak into other tests' subprocesses."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def eager_celery():
    """Run the release hand-off (report snapshots) in-process, whatever the broker."""
    from config.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        yield instance
        instance.close()
        # The test's own queries ran while Playwright's loop was running, on
        # connections of that context: close them, or the test database
        # cannot be dropped at the end of the run.
        connections.close_all()


def session(browser, live_server, user, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def rate_all(page, value: str):
    labels = page.locator(f"label.scale-btn[for$='_{value}']")
    for i in range(labels.count()):
        labels.nth(i).click()
    total = page.get_attribute("#rating-progress", "data-total")
    assert page.inner_text("#answered-count") == total
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r".*/forms/$"))
    assert "ส่งแบบประเมินเรียบร้อยแล้ว" in page.content()


@pytest.mark.django_db(transaction=True)
def test_round_walkthrough(live_server, browser, eager_celery):
    SHOTS.mkdir(parents=True, exist_ok=True)
    load_catalogue()
    agency = AgencyFactory(name_th="กรมตัวอย่าง")
    unit = OrgUnitFactory(agency=agency, name_th="กองบริหารทรัพยากรบุคคล")
    boss = EmployeeFactory(unit=unit, position_type="director", position_level="primary",
                           first_name="วรรณา", last_name="ศรีสุข")
    me = EmployeeFactory(unit=unit, supervisor=boss, first_name="กนกพร", last_name="ใจงาม")
    peer = EmployeeFactory(unit=unit, supervisor=boss, first_name="ชนิดา", last_name="มีสุข")
    hr = HrOfficerFactory(agency=agency).user
    rnd = round_create(agency=agency, name_th="รอบการประเมินที่ 1/2569", slug="walk",
                       min_group_size=1, **round_dates())

    # HR opens the round from its dashboard.
    hr_page = session(browser, live_server, hr)
    hr_page.click("text=จัดการรอบการประเมิน")
    hr_page.click(f"text={rnd.name_th}")
    hr_page.click("button:has-text('เปิดรอบการประเมิน')")
    assert "เปิดรอบการประเมินแล้ว" in hr_page.content()
    rnd.refresh_from_db()
    assert rnd.state == Round.State.OPEN

    # The employee proposes a peer; the supervisor approves.
    mine = session(browser, live_server, me.user)
    mine.goto(f"{live_server.url}/nominations/")
    mine.click(f"text={rnd.name_th}")
    mine.fill("input[name=q]", "ชนิดา")
    mine.click("form[role=search] button")
    mine.click("button:has-text('เสนอชื่อ')")
    assert "เสนอชื่อผู้ประเมินแล้ว" in mine.content()
    boss_page = session(browser, live_server, boss.user)
    boss_page.goto(f"{live_server.url}/nominations/")
    boss_page.click("button[value=approve]")
    assert "อนุมัติการเสนอชื่อแล้ว" in boss_page.content()
    assert Assignment.objects.get(rater=peer, participant__employee=me).status == "pending"

    # The employee rates themselves; screenshots of the form at phone and desktop width.
    mine.goto(f"{live_server.url}/forms/")
    mine.click("a:has-text('ประเมินตนเอง')")
    mine.screenshot(path=str(SHOTS / "rating_form_1280.png"), full_page=True)
    phone = session(browser, live_server, me.user, width=390)
    phone.goto(mine.url)
    phone.screenshot(path=str(SHOTS / "rating_form_390.png"), full_page=True)
    rate_all(mine, "2")

    # The supervisor rates the employee; the peer rates the employee.
    boss_page.goto(f"{live_server.url}/forms/")
    boss_page.click(f"a:has-text('{me.first_name}')")
    rate_all(boss_page, "3")
    peer_page = session(browser, live_server, peer.user)
    peer_page.goto(f"{live_server.url}/forms/")
    peer_page.click(f"a:has-text('{me.first_name}')")
    rate_all(peer_page, "2")

    # HR watches the dashboard, then closes and releases the round.
    hr_page.reload()
    hr_page.screenshot(path=str(SHOTS / "dashboard_1280.png"), full_page=True)
    hr_phone = session(browser, live_server, hr, width=390)
    hr_phone.goto(hr_page.url)
    hr_phone.screenshot(path=str(SHOTS / "dashboard_390.png"), full_page=True)
    # Closing shows what is still pending first, then the button.
    hr_page.click("a:has-text('ปิดรอบการประเมิน')")
    assert "แบบประเมินที่ยังไม่ส่ง" in hr_page.content()
    hr_page.click("main form button:has-text('ปิดรอบการประเมิน')")
    assert "ปิดรอบการประเมินแล้ว" in hr_page.content()
    hr_page.click("button:has-text('ประกาศผล')")
    assert "ประกาศผลการประเมินแล้ว" in hr_page.content()
    rnd.refresh_from_db()
    assert rnd.state == Round.State.RELEASED

    # The employee sees their result.
    mine.goto(f"{live_server.url}/results/")
    mine.click("text=ดูผลการประเมิน")
    assert "/reports/p/" in mine.url
    assert mine.locator("main").inner_text().strip()
    assert me.first_name in mine.content()
    mine.screenshot(path=str(SHOTS / "report_1280.png"), full_page=True)
