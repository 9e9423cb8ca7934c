"""Buddhist-era date entry in the browser (issue 15): the Thai calendar of the
round form, by keyboard and by pointer, at 390 and 1366 px, in Thai and
English, checked by axe while it is open; the round it saves has the date
chosen (not that date 543 years later)."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Round
from competency.thaidate import fiscal_half_of, input_date
from tests.builders import load_catalogue
from tests.e2e.test_accessibility import violations
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    PASSWORD,
    SHOTS,
    _async_unsafe_allowed,
    browser,
)
from tests.factories import AgencyFactory, HrOfficerFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


def hr_page(browser, live_server, hr, *, width, language="th"):  # noqa: F811 - the fixture
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 768},
                                  locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15000)
    context.add_cookies([{"name": "django_language", "value": language,
                          "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", hr.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + reverse("hr:round_create"))
    return page


@pytest.mark.django_db(transaction=True)
def test_the_calendar_by_keyboard_saves_the_buddhist_era_date(live_server, browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    competency = load_catalogue()
    hr = HrOfficerFactory(agency=AgencyFactory()).user
    page = hr_page(browser, live_server, hr, width=1366)
    field, toggle = page.locator("#id_deadline"), page.locator(".be-date-toggle")
    dialog = page.locator(".be-date-dialog")
    assert toggle.get_attribute("aria-expanded") == "false" and dialog.is_hidden()

    # Thai digits typed: the date in words at once, and the calendar opens on it.
    field.fill("๓๑/๐๘/๒๕๗๐")
    field.dispatch_event("change")
    assert page.inner_text(".be-date-echo") == "ตรงกับวันอังคารที่ 31 สิงหาคม พ.ศ. 2570"
    field.fill("31/08/2027")  # no date in words for text that names none
    assert page.inner_text(".be-date-echo") == ""
    field.fill("๓๑/๐๘/๒๕๗๐")
    toggle.click()
    assert dialog.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert page.inner_text(".be-date-title") == "สิงหาคม พ.ศ. 2570"
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "วันอังคารที่ 31 สิงหาคม พ.ศ. 2570"
    assert page.locator("td[aria-selected=true] button").inner_text() == "31"
    page.keyboard.press("PageDown")  # 30 September, the month's last day
    assert page.inner_text(".be-date-title") == "กันยายน พ.ศ. 2570"
    page.keyboard.press("Escape")
    assert dialog.is_hidden() and field.input_value() == "๓๑/๐๘/๒๕๗๐"
    assert page.evaluate("document.activeElement.classList.contains('be-date-toggle')")

    # From today, by keyboard only: a week on, a day back, Enter.
    field.fill("")
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    today = timezone.localdate()  # the browser's Asia/Bangkok too
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    chosen = today + dt.timedelta(days=6)
    assert field.input_value() == input_date(chosen) and dialog.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('be-date-toggle')")

    # Tab stays inside the open calendar.
    toggle.click()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.be-date-dialog')")
    page.keyboard.press("Escape")

    fiscal_year, half = fiscal_half_of(chosen)
    page.fill("#id_name_th", "รอบทดสอบปฏิทิน")
    page.fill("#id_slug", "calendar")
    page.fill("#id_fiscal_year", str(fiscal_year))
    page.select_option("#id_half", str(half))
    box = page.locator(f"input[name=competencies][value='{competency.pk}']")
    if not box.is_checked():
        box.check()
    page.click("main form button.btn-primary")
    page.wait_for_url(lambda url: "/rounds/new" not in url)
    assert Round.objects.get(slug="calendar").deadline == chosen
    page.context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["th", "en"])
def test_the_open_calendar_at_390_and_1366_px_has_no_wcag_violations(
        live_server, browser, language):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    load_catalogue()
    hr = HrOfficerFactory(agency=AgencyFactory()).user
    for width in (390, 1366):
        page = hr_page(browser, live_server, hr, width=width, language=language)
        page.fill("#id_deadline", "31/08/2570")
        page.click(".be-date-toggle")
        dialog = page.locator(".be-date-dialog")
        title = "August 2570 B.E. (2027)" if language == "en" else "สิงหาคม พ.ศ. 2570"
        assert page.inner_text(".be-date-title") == title
        box = dialog.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width  # no sideways scrolling
        days = page.locator(".be-date-day")
        assert days.count() == 31
        assert min(days.nth(i).bounding_box()["height"] for i in (0, 30)) >= 44
        assert min(days.nth(i).bounding_box()["width"] for i in (0, 30)) >= 40
        dialog.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"date_widget_{language}_{width}.png"))
        assert violations(page) == []
        # Picked with the pointer: 15 August.
        page.click(".be-date-day[data-day='15']")
        assert page.input_value("#id_deadline") == "15/08/2570"
        page.context.close()
