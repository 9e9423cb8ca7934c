"""The development plan in Chromium (issue 16): after release the person adds an
item (a refused period first), the supervisor agrees, the PDF then prints the
plan as agreed, the person reports progress and the agreement reopens, HR
reads the summary by unit. Screenshots at 390 and 1366 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from competency.models import Indicator
from reports.models import DevelopmentPlan, DevelopmentPlanItem
from tests.access.world import build_world
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    SHOTS,
    _async_unsafe_allowed,
    browser,
    eager_celery,
    session,
)
from tests.reports.pdftext import pypdf_text

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"plan_{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_plan_walk(live_server, browser, eager_celery):  # noqa: F811 - the fixtures
    SHOTS.mkdir(parents=True, exist_ok=True)
    world = build_world()
    base = live_server.url
    person = world.participant
    indicator = Indicator.objects.filter(
        level__competency__in=world.rnd.competencies.all(), level__number=2, order=1).get()

    # The person opens their report, then the plan from it.
    mine = session(browser, live_server, world.employee.user, width=1366)
    mine.goto(base + reverse("reports:participant_report", args=[person.pk]))
    mine.click("a:has-text('แผนพัฒนารายบุคคล')")
    assert mine.url.endswith(reverse("reports:participant_plan", args=[person.pk]))
    shot(mine, "empty_1366")

    def fill(page, *, starts: str, ends: str):
        page.select_option("#id_indicator", str(indicator.pk))
        page.select_option("#id_kind", "training")
        page.fill("#id_detail", "หลักสูตรการให้บริการที่เป็นเลิศ")
        page.fill("#id_starts_on", starts)
        page.fill("#id_ends_on", ends)

    # A period that ends before it starts: the Thai message under the field, nothing saved.
    fill(mine, starts="30/06/2569", ends="01/04/2569")
    mine.click("button:has-text('เพิ่มในแผนพัฒนา')")
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น" in mine.inner_text("main")
    assert not DevelopmentPlanItem.objects.exists()
    shot(mine, "refused_1366")
    fill(mine, starts="01/04/2569", ends="30/06/2569")
    mine.click("button:has-text('เพิ่มในแผนพัฒนา')")
    mine.wait_for_url(re.compile(r".*/plan/$"))
    text = mine.inner_text("main")
    assert "เพิ่มรายการในแผนพัฒนาแล้ว" in text and "1 เม.ย. 2569 – 30 มิ.ย. 2569" in text
    assert "รอผู้บังคับบัญชาเห็นชอบแผนพัฒนา" in text
    assert mine.locator("button:has-text('เห็นชอบแผนพัฒนา')").count() == 0

    # The supervisor agrees, from their team page.
    boss = session(browser, live_server, world.supervisor.user, width=1366)
    boss.goto(base + reverse("assessments:team"))
    boss.click(f"a:has-text('แผนพัฒนา'):has-text('{world.employee.full_name}')")
    boss.click("button:has-text('เห็นชอบแผนพัฒนา')")  # the confirm dialog is accepted
    assert "เห็นชอบแผนพัฒนารายบุคคลแล้ว" in boss.inner_text("main")
    assert DevelopmentPlan.objects.get().is_agreed
    shot(boss, "agreed_1366")

    # The PDF now prints the plan as agreed (rendered by the worker, eager here).
    boss.goto(base + reverse("reports:participant_report", args=[person.pk]))
    assert "ผู้บังคับบัญชาเห็นชอบเมื่อ" in boss.inner_text("main")
    shot(boss, "report_1366")
    with boss.expect_download() as download:
        boss.click("a:has-text('ดาวน์โหลด PDF')")
    pdf = Path(download.value.path()).read_bytes()
    tight = "".join(pypdf_text(pdf).split())
    assert "การฝึกอบรม:หลักสูตรการให้บริการที่เป็นเลิศ" in tight
    assert "1เม.ย.2569–30มิ.ย.2569" in tight and "ผู้บังคับบัญชาเห็นชอบเมื่อ" in tight
    (SHOTS / "plan_agreed.pdf").write_bytes(pdf)

    # The person reports progress on a phone: the agreement reopens.
    phone = session(browser, live_server, world.employee.user, width=390)
    phone.goto(base + reverse("reports:participant_plan", args=[person.pk]))
    shot(phone, "agreed_390")
    phone.click("a:has-text('แก้ไข')")
    assert "ต้องให้ผู้บังคับบัญชาเห็นชอบอีกครั้ง" in phone.inner_text("main")
    shot(phone, "item_390")
    phone.select_option("#id_status", "in_progress")
    phone.click("button:has-text('บันทึก')")
    phone.wait_for_url(re.compile(r".*/plan/$"))
    assert "รอผู้บังคับบัญชาเห็นชอบอีกครั้ง" in phone.inner_text("main")
    assert DevelopmentPlan.objects.get().reopened
    shot(phone, "reopened_390")
    # HR sees no plan page (404), and reads the summary by unit.
    hr = session(browser, live_server, world.users["hr"], width=1366)
    response = hr.goto(base + reverse("reports:participant_plan", args=[person.pk]))
    assert response.status == 404
    hr.goto(base + reverse("hr:round_dashboard", args=[world.rnd.pk]))
    hr.click("a:has-text('แผนพัฒนารายบุคคลตามหน่วยงาน')")
    summary = hr.inner_text("main")
    assert "มีแผนพัฒนา 1 คน" in summary and "ผู้บังคับบัญชาเห็นชอบแล้ว 0 คน" in summary
    shot(hr, "summary_1366")
    hr_phone = session(browser, live_server, world.users["hr"], width=390)
    hr_phone.goto(hr.url)
    # On a phone the table fits: no sideways scrolling, the item figures under the unit.
    assert hr_phone.evaluate(
        "(() => { const w = document.querySelector('.plan-summary-wrap');"
        " return w.scrollWidth <= w.clientWidth; })()")
    assert hr_phone.locator(".plan-summary-phone:visible").count() > 0
    shot(hr_phone, "summary_390")
    with hr.expect_download() as download:
        hr.click("a:has-text('แผนพัฒนารายบุคคล (Excel)')")
    assert download.value.suggested_filename == f"plans-{world.rnd.slug}.xlsx"
    for page in (mine, boss, phone, hr, hr_phone):
        page.context.close()
