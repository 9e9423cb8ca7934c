"""The report page on a phone, in Thai and English, with the follow-up of the
previous round's agreed plan: nothing makes the page scroll sideways (the
follow-up table, wider in English, ran 19 px past a 390 px screen; the report's
other tables scroll inside their own frame)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Participant
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    SHOTS,
    _async_unsafe_allowed,
    browser,
    session,
)
from tests.reports.multi_scenario import multi_round
from tests.reports.test_plan_progress import EXPECTED, FIRST, _plan, _second

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_report_with_plan_follow_up_fits_a_phone(live_server, browser):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    team = multi_round(plan=FIRST, expected=EXPECTED)
    _plan(team)
    second = _second(team)
    person = Participant.objects.get(round=second, employee=team.staff[0])
    page = session(browser, live_server, team.staff[0].user, width=390)
    url = live_server.url + reverse("reports:participant_report", args=[person.pk])
    for lang in ("th", "en"):
        page.context.add_cookies([{"name": "django_language", "value": lang,
                                   "url": live_server.url}])
        page.goto(url)
        assert page.locator("table.plan-followup").count() >= 1
        page.screenshot(path=str(SHOTS / f"report_followup_{lang}_390.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (lang, width)
    page.context.close()
