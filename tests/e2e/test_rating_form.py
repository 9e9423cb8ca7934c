"""The rating form in headless Chromium on a phone (390 x 844) and a PC (1366):
the compact scale, autosave and reload, the copy kept offline, the warning
before leaving, a failed submit that names and focuses the missing item, and
the focused answer kept clear of the sticky bars."""

import re
import time
from pathlib import Path

import pytest

from assessments.models import Assignment, Rating
from tests.builders import make_team
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    PASSWORD,
    SHOTS,
    _async_unsafe_allowed,
    browser,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

PHONE = {"width": 390, "height": 844}


def logged_in(browser, live_server, user, viewport):  # noqa: F811 - the fixture
    context = browser.new_context(viewport=viewport, locale="th-TH")
    context.set_default_timeout(8000)
    page = context.new_page()
    page.on("console", lambda m: print("console:", m.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def answer(page, n: int, value: str):
    """Tap answer ``value`` of the n-th indicator (0-based)."""
    page.locator("[data-indicator]").nth(n).locator(f"label.scale-btn[for$='_{value}']").click()


def wait_saved(page):
    """Every change is on the server (the form says so once a save answered)."""
    page.wait_for_selector("#rating-form[data-dirty=false]", state="attached")
    assert page.get_attribute("#autosave-status", "data-state") == "saved"


def wait_clear(page, element: str, whole: bool = True):
    """Wait until ``element`` (a JS expression) shows between the sticky bars, wholly
    or its top: the page scrolls smoothly, so it settles there after a moment."""
    below = "r.bottom <= bottom + 1" if whole else "r.top < bottom"
    page.wait_for_function(f"""() => {{
        const r = ({element}).getBoundingClientRect();
        const top = document.getElementById('rating-progress').getBoundingClientRect().bottom;
        const bottom = document.querySelector('.form-actions').getBoundingClientRect().top;
        return r.top >= top - 1 && {below};}}""", timeout=3000)


@pytest.mark.django_db(transaction=True)
def test_rating_form_on_a_phone_never_loses_an_answer(live_server, browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    url = f"{live_server.url}/forms/{form.pk}/"
    context, page = logged_in(browser, live_server, me.user, PHONE)
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.goto(url)
    page.screenshot(path=str(SHOTS / "rate_390.png"), full_page=True)

    # The phone scale: 14 indicators in at most 3 screens, every target >= 44 px.
    # Before: five stacked 48 px buttons each, 6,574 px (7.8 screens).
    top, bottom = page.evaluate("""() => {
        const rows = [...document.querySelectorAll('[data-indicator]')];
        return [rows[0].getBoundingClientRect().top,
                rows[rows.length - 1].getBoundingClientRect().bottom];}""")
    assert page.locator("[data-indicator]").count() == 14
    assert (bottom - top) / PHONE["height"] <= 3, bottom - top
    sizes = page.evaluate("""() => [...document.querySelectorAll('label.scale-btn')]
        .map(l => [l.getBoundingClientRect().width, l.getBoundingClientRect().height])""")
    assert len(sizes) == 70 and min(min(w, h) for w, h in sizes) >= 44, min(sizes)
    rows_of_scale = page.evaluate("""() => new Set([...document.querySelectorAll(
        '[data-indicator]:first-of-type label.scale-btn')].map(l => l.offsetTop)).size""")
    assert rows_of_scale == 1  # 0-3 and "no basis" in one row
    assert page.get_attribute("label.scale-btn[for$='_0']", "title") == "ไม่แสดงพฤติกรรม"

    # A tap saves (visible "saved" state) and brings the next indicator into view.
    answer(page, 0, "2")
    wait_saved(page)
    answer(page, 1, "3")
    wait_clear(page, "document.querySelectorAll('[data-indicator]')[2]")
    page.fill("textarea", "ให้บริการด้วยความเต็มใจ")
    wait_saved(page)
    page.reload()
    assert page.locator("input[type=radio]:checked").count() == 2
    assert page.input_value("textarea") == "ให้บริการด้วยความเต็มใจ"
    assert page.inner_text("#answered-count") == "2"
    assert Rating.objects.filter(assignment=form).count() == 2

    # Connection lost: the answer is kept in the browser, leaving warns, and the
    # next visit brings it back and saves it.
    # (The autosave requests fail as on a lost connection; the page itself stays.)
    context.route("**/autosave/", lambda route: route.abort("internetdisconnected"))
    answer(page, 2, "1")
    page.wait_for_selector("#autosave-status[data-state=offline]")
    warned = page.evaluate("""() => {
        const event = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(event);
        return event.defaultPrevented;}""")
    assert warned  # leaving now would ask first
    # Its last-chance beacon would fail too on a dead line (route() cannot stop a beacon).
    page.evaluate("navigator.sendBeacon = undefined")
    page.close()
    page = context.new_page()
    page.on("dialog", on_dialog)
    page.goto(url)
    assert page.locator("input[type=radio]:checked").count() == 3
    assert page.locator("[data-indicator]").nth(2).locator("input:checked").get_attribute(
        "value") == "1"
    page.wait_for_selector("#autosave-status[data-state=offline]")
    assert Rating.objects.filter(assignment=form).count() == 2
    context.unroute("**/autosave/")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the connection is back
    wait_saved(page)
    assert Rating.objects.filter(assignment=form).count() == 3

    # A failed submit names the missing items, marks them, focuses the first;
    # no confirm dialog for a form that cannot go.
    dialogs.clear()
    page.click("button[name=submit]")
    assert dialogs == []
    alert = page.inner_text("#rating-errors")
    assert alert.startswith("ยังตอบไม่ครบ 11 ข้อ: ข้อ 1.4, ข้อ 2.1, ")
    assert page.locator("[data-indicator].has-error").count() == 11
    focused = page.evaluate("document.activeElement.closest('[data-indicator]').id")
    assert focused == page.locator("[data-indicator].has-error").first.get_attribute("id")
    wait_clear(page, f"document.getElementById('{focused}')", whole=False)

    # Keyboard: each answer focused by Tab comes clear of the sticky bars (the
    # page scrolls smoothly: wait for it to settle there).
    for _ in range(4):
        page.keyboard.press("Tab")
        wait_clear(page, "document.querySelector("
                   "'label[for=\"' + document.activeElement.id + '\"]')")

    for n in range(3, 14):
        answer(page, n, "4" if n == 13 else "2")  # the fifth button: no basis
    wait_saved(page)
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r".*/forms/$"))
    assert dialogs == ["confirm"]
    form.refresh_from_db()
    assert form.status == "submitted"
    assert page.evaluate("Object.keys(localStorage).length") == 0

    desktop, pc = logged_in(browser, live_server, me.user, {"width": 1366, "height": 900})
    pc.goto(url)
    pc.screenshot(path=str(SHOTS / "rate_1366.png"), full_page=True)
    desktop.close()
    context.close()


# Every control of the form a keyboard reaches, after the answers.
FORM_CONTROLS = ["textarea", "button[name=draft]", "button[name=submit]",
                 "#rating-form ~ a.btn-link"]


@pytest.mark.django_db(transaction=True)
def test_the_keyboard_focus_ring_shows_on_every_control_of_the_form(live_server, browser):  # noqa: F811
    """The finding: the comment box, the two buttons and the way back took
    Bootstrap's pale glow (the comment box a 2:1 light-blue border) instead of
    the dark ring the answers have, so a keyboard user lost track of focus."""
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    context, page = logged_in(browser, live_server, team.staff[0].user, PHONE)
    page.goto(f"{live_server.url}/forms/{form.pk}/")
    for selector in FORM_CONTROLS:
        page.focus(selector)
        page.keyboard.press("Shift+Tab")  # reach it by the keyboard: :focus-visible
        page.keyboard.press("Tab")
        ring = page.evaluate("""s => { const e = document.activeElement, c = getComputedStyle(e);
            return [e.matches(s), c.outlineStyle, c.outlineWidth, c.outlineColor]; }""", selector)
        assert ring == [True, "solid", "3px", "rgb(17, 24, 39)"], (selector, ring)
    context.close()


TARGETS = """() => [...document.querySelectorAll('a, button, label.scale-btn, textarea')]
    .filter(e => e.getClientRects().length && !e.matches('.visually-hidden-focusable'))
    .map(e => [e.textContent.trim().slice(0, 30) || e.className,
               Math.round(e.getBoundingClientRect().width),
               Math.round(e.getBoundingClientRect().height)])
    .filter(([, w, h]) => w < 44 || h < 44)"""


@pytest.mark.django_db(transaction=True)
def test_every_touch_target_of_the_rating_page_is_44_px_on_a_phone(live_server, browser):  # noqa: F811
    """The finding: the answers were 44 px, but the privacy link under the
    buttons was 19 px tall, the way back 38, the menu button 40 and, with the
    menu open, the language and log-out buttons 31."""
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    context, page = logged_in(browser, live_server, team.staff[0].user, PHONE)
    page.goto(f"{live_server.url}/forms/{form.pk}/")
    assert page.evaluate(TARGETS) == []
    page.click(".navbar-toggler")
    page.wait_for_selector("#nav.show")
    assert page.evaluate(TARGETS) == []
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_on_submit_asks_once_and_sends_once(live_server, browser):  # noqa: F811
    """The finding: a double tap on "submit" asked "submit? it cannot be undone"
    a second time, while the first answer was already on its way, and posted
    the form twice."""
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    url = f"{live_server.url}/forms/{form.pk}/"
    context, page = logged_in(browser, live_server, me.user, PHONE)
    dialogs, posts = [], []

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.goto(url)
    for n in range(14):
        answer(page, n, "2")
    wait_saved(page)

    def slow_line(route):  # the answer takes a moment, as on a busy intranet
        if route.request.method == "POST":
            posts.append(route.request.url)
            time.sleep(1.5)  # the browser goes on meanwhile: only this side waits
        route.continue_()

    context.route(url, slow_line)
    page.dblclick("button[name=submit]")
    page.wait_for_url(re.compile(r".*/forms/$"))
    assert len(dialogs) == 1 and dialogs[0].startswith("ยืนยันการส่ง"), dialogs
    assert posts == [url]
    form.refresh_from_db()
    assert form.status == "submitted"
    context.close()
