"""HR's reports page of a released round on a phone, in both languages: the
table fits the screen. The finding: once names stopped breaking inside a
word, the English table (its "Acknowledged" heading one long word) was 30 px
wider than a 390 px phone, and the View · PDF links sat past the edge of its
scrolling box."""

from pathlib import Path

import pytest

from assessments.services import round_close, round_release
from tests.builders import make_team
from tests.e2e.test_rating_form import PHONE, logged_in
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    _async_unsafe_allowed,
    browser,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["th", "en"])
def test_the_released_rounds_reports_table_fits_a_phone(live_server, browser, language):  # noqa: F811
    team = make_team(size=2)
    # Long parts of names, as the demo department has them.
    for n, (title, first, last) in enumerate([("นาย", "สุรชัย", "สมบูรณ์ศักดิ์"),
                                              ("นางสาว", "วราภรณ์", "อินทรวงศ์")]):
        team.staff[n].title, team.staff[n].first_name, team.staff[n].last_name = title, first, last
        team.staff[n].save()
    team.rnd = round_release(rnd=round_close(rnd=team.rnd))  # the reports, with their links
    context, page = logged_in(browser, live_server, team.hr, PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/reports/round/{team.rnd.pk}/")
    box = page.evaluate("""() => { const t = document.querySelector('.table-responsive');
        return [t.scrollWidth, t.clientWidth, document.documentElement.scrollWidth]; }""")
    assert box[0] <= box[1] and box[2] <= PHONE["width"], box
    assert page.locator("tbody a", has_text="PDF").count() == 3
    # Whether each person acknowledged is still shown (not only to a screen reader).
    said = "ยังไม่รับทราบ" if language == "th" else "Not acknowledged"
    widths = page.locator("tbody tr").first.get_by_text(said).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)")
    assert max(widths) > 20, widths
    context.close()
