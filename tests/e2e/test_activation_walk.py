"""Go-live in headless Chromium: HR imports three people through the import page
and opens a round; the invitation mail of one of them (locmem backend) carries
the activation link; she sets her password, signs in with it and submits her
self-assessment."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connections

from assessments.models import Assignment, Employee, Round
from assessments.services import round_create
from tests.builders import load_catalogue, round_dates
from tests.factories import AgencyFactory, HrOfficerFactory, OrgUnitFactory

CHROMIUM = "/usr/bin/chromium"
HR_PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "ม้าลายกินหญ้า-2569"
SHOTS = Path("/tmp/e2e-screenshots")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    # Playwright's sync API runs an event loop in this thread (see test_walkthrough.py).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def eager_celery():
    """The invitations go out in-process, whatever the broker."""
    from config.celery import app

    old = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = old


def staff_file(unit_code: str) -> bytes:
    rows = [
        ("เลขประจำตัว", "คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ประเภทตำแหน่ง",
         "ระดับตำแหน่ง", "หน่วยงาน", "ผู้บังคับบัญชา", "อีเมล"),
        ("300001", "นาง", "วรรณา", "ศรีสุข", "ผู้อำนวยการกอง", "อำนวยการ", "ต้น",
         unit_code, "", "wanna@example.go.th"),
        ("300002", "นางสาว", "กนกพร", "ใจงาม", "นักทรัพยากรบุคคล", "วิชาการ", "ชำนาญการ",
         unit_code, "300001", "kanokporn@example.go.th"),
        ("300003", "นาย", "ชนินทร์", "มีสุข", "นักทรัพยากรบุคคล", "วิชาการ", "ปฏิบัติการ",
         unit_code, "300001", "chanin@example.go.th"),
    ]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_imported_people_get_in_through_the_invitation(live_server, settings, eager_celery,
                                                       tmp_path):
    from playwright.sync_api import sync_playwright

    settings.PORTAL_URL = live_server.url
    load_catalogue()
    agency = AgencyFactory(name_th="กรมตัวอย่าง")
    unit = OrgUnitFactory(agency=agency, code="B01", name_th="กองบริหารทรัพยากรบุคคล")
    hr = HrOfficerFactory(agency=agency).user
    rnd = round_create(agency=agency, name_th="รอบการประเมินที่ 1/2569", slug="golive",
                       min_group_size=1, **round_dates())
    upload = tmp_path / "staff.csv"
    upload.write_bytes(staff_file(unit.code))
    SHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox"])
        # HR imports the three people: dry run, then apply.
        hr_page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="th-TH")
        hr_page.on("dialog", lambda dialog: dialog.accept())
        hr_page.goto(f"{live_server.url}/accounts/login/")
        hr_page.fill("input[name=username]", hr.username)
        hr_page.fill("input[name=password]", HR_PASSWORD)
        hr_page.click("main form button[type=submit]")
        hr_page.goto(f"{live_server.url}/hr/{agency.code}/import/employees/")
        hr_page.set_input_files("input[type=file]", str(upload))
        hr_page.click("button:has-text('ตรวจสอบไฟล์')")
        hr_page.click("button:has-text('ยืนยันการนำเข้า')")
        hr_page.wait_for_load_state()
        people = Employee.objects.filter(agency=agency).select_related("user")
        assert people.count() == 3
        assert not any(e.user.has_usable_password() for e in people)

        # HR opens the round from its dashboard; the invitations go out.
        hr_page.goto(f"{live_server.url}/rounds/{rnd.pk}/")
        hr_page.click("button:has-text('เปิดรอบการประเมิน')")
        assert "เปิดรอบการประเมินแล้ว" in hr_page.content()
        assert Round.objects.get(pk=rnd.pk).state == Round.State.OPEN
        [invitation] = [m for m in mail.outbox if m.to == ["kanokporn@example.go.th"]]
        link = re.search(r"http\S+/accounts/activate/\S+/", invitation.body).group(0)

        # She follows the link on her phone, sets a password and lands on her forms.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
        phone.goto(link)
        phone.screenshot(path=str(SHOTS / "activation_390.png"), full_page=True)
        phone.fill("input[name=new_password1]", NEW_PASSWORD)
        phone.fill("input[name=new_password2]", NEW_PASSWORD)
        phone.click("main form button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/forms/")
        assert "ตั้งรหัสผ่านเรียบร้อยแล้ว" in phone.content()

        # Later, on another device, she signs in with it and submits her self-assessment.
        phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="th-TH")
        phone.on("dialog", lambda dialog: dialog.accept())  # "submit? it cannot be undone"
        phone.goto(f"{live_server.url}/accounts/login/")
        phone.fill("input[name=username]", "300002")
        phone.fill("input[name=password]", NEW_PASSWORD)
        phone.click("main form button[type=submit]")
        phone.wait_for_url(f"{live_server.url}/")
        phone.goto(f"{live_server.url}/forms/")
        phone.click("a:has-text('ประเมินตนเอง')")
        labels = phone.locator("label.scale-btn[for$='_2']")
        for i in range(labels.count()):
            labels.nth(i).click()
        phone.click("button[name=submit]")
        phone.wait_for_url(re.compile(r".*/forms/$"))
        text = phone.content()
        browser.close()
    connections.close_all()
    assert "ส่งแบบประเมินเรียบร้อยแล้ว" in text
    form = Assignment.objects.get(rater__employee_number="300002", group="self")
    assert form.status == Assignment.Status.SUBMITTED
