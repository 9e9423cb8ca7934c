"""WCAG 2.1 A/AA measured by a real engine: axe-core (vendored from the npm
registry in tests/e2e/vendor/, evaluated inside each page, never fetched) on
the pages people spend their time on, as each role sees them."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from assessments.models import Assignment, Employee, ImportJob, Participant
from assessments.services import assignment_nominate
from competency.models import Indicator
from reports.plans.services import plan_item_add
from tests.access.world import build_world
from tests.builders import make_team
from tests.e2e.test_walkthrough import (  # noqa: F401 - fixtures
    CHROMIUM,
    PASSWORD,
    SHOTS,
    _async_unsafe_allowed,
    browser,
    eager_celery,
)
from tests.factories import EmployeeFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def open_details(page) -> list[str]:
    """Open every collapsed ``<details>`` (axe skips hidden content: a collapsed
    one hid the participant page's "เปิดให้แก้ไข" button, 1.63:1, from the
    check); the summaries of those opened."""
    opened = page.evaluate(
        "() => Array.from(document.querySelectorAll('details:not([open])'))"
        ".map(d => { d.open = true; return d.querySelector('summary')?.textContent.trim(); })")
    if opened:
        page.wait_for_timeout(50)  # a frame for the opened content to lay out
    return opened


def violations(page) -> list[str]:
    """axe's WCAG 2.1 A/AA violations of the page, every ``<details>`` open, one line each."""
    open_details(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)  # through DevTools: the page's CSP allows no inline script
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1])"
        ".join(' | ')))", TAGS)
    return found


def login(browser, live_server, user, width=1280):  # noqa: F811 - the fixture
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    if user is not None:
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.django_db(transaction=True)
def test_pages_have_no_wcag21_aa_violations(live_server, browser, eager_celery):  # noqa: F811
    world = build_world()
    job = ImportJob.objects.create(
        agency=world.rnd.agency, kind="units", original_name="units.csv",
        file=ContentFile(b"code,name\n", name="units.csv"), created_by=world.users["hr"],
        status=ImportJob.Status.CHECKED, report={"counts": {"create": 0}},
    )
    # A plan with an item: the person's and the supervisor's plan pages (the
    # supervisor's with the agree button), an item's page, HR's summary.
    plan_item = plan_item_add(
        participant=world.participant, by=world.users["employee"],
        indicator=Indicator.objects.filter(level__competency__in=world.rnd.competencies.all())
        .order_by("pk").first(), kind="coaching", detail="สอนงานโดยหัวหน้ากลุ่ม",
        starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 6, 30))
    plan_url = reverse("reports:participant_plan", args=[world.participant.pk])
    open_team = make_team(size=1)
    open_form = Assignment.objects.get(rater=open_team.staff[0], group="self")
    # Two nominations for the supervisor to decide, one of a rater who left
    # behind the services' back: "approve all" refuses it beside its row.
    ratee = Participant.objects.get(round=open_team.rnd, employee=open_team.staff[0])
    proposed = [EmployeeFactory(unit=open_team.unit) for _ in range(2)]
    for rater in proposed:
        assignment_nominate(participant=ratee, rater=rater, group="peer",
                            by=open_team.staff[0].user)
    Employee.objects.filter(pk=proposed[1].pk).update(is_active=False)
    base = live_server.url
    pages = {
        None: {"login": "/accounts/login/"},
        world.employee.user: {
            "home": "/",
            "my forms": reverse("assessments:my_forms"),
            "report page": reverse("reports:participant_report", args=[world.participant.pk]),
            "nominations": reverse("assessments:nominations"),
            "plan page": plan_url,
            "plan item page": reverse("reports:participant_plan_item",
                                      args=[world.participant.pk, plan_item.pk]),
        },
        world.users["supervisor"]: {
            "plan page of the supervisor": plan_url,
            "team page with its summary": reverse("assessments:team"),
        },
        open_team.staff[0].user: {
            "rating form": reverse("assessments:rate", args=[open_form.pk]),
        },
        # An open round: the reminder buttons, checkboxes and the e-mail log.
        open_team.hr: {
            "HR round dashboard, open": reverse("hr:round_dashboard", args=[open_team.rnd.pk]),
            "close confirmation": reverse("hr:round_close", args=[open_team.rnd.pk]),
        },
        world.users["hr"]: {
            "HR round dashboard": reverse("hr:round_dashboard", args=[world.rnd.pk]),
            "round form": reverse("hr:round_create"),
            "import preview": reverse("hr:import_job", args=[job.pk]),
            "heatmap": reverse("reports:round_heatmap", args=[world.rnd.pk]),
            # its "เปิดให้แก้ไข" button was #ffc107 on white, 1.63:1
            "participant page": reverse("hr:participant_detail", args=[world.participant.pk]),
            "plans by unit": reverse("reports:round_plans", args=[world.rnd.pk]),
            "round reports": reverse("reports:round_reports", args=[world.rnd.pk]),
        },
    }
    found, opened = {}, []
    for user, urls in pages.items():
        page = login(browser, live_server, user)
        for name, url in urls.items():
            page.goto(base + url)
            opened += open_details(page)
            found[name] = violations(page)
            page.screenshot(path=str(SHOTS / f"axe_{name.replace(' ', '_')}.png"), full_page=True)
        page.context.close()
    # The rating form on a phone too: its compact scale hides words visually.
    phone = login(browser, live_server, open_team.staff[0].user, width=390)
    phone.goto(base + reverse("assessments:rate", args=[open_form.pk]))
    found["rating form at 390 px"] = violations(phone)
    phone.context.close()
    phone = login(browser, live_server, world.employee.user, width=390)
    phone.goto(base + plan_url)
    found["plan page at 390 px"] = violations(phone)
    phone.context.close()
    # Nominations to decide, then one refused by "approve all", on a phone.
    phone = login(browser, live_server, open_team.boss.user, width=390)
    phone.on("dialog", lambda dialog: dialog.accept())  # its data-confirm
    phone.goto(base + reverse("assessments:nominations"))
    found["nominations to decide at 390 px"] = violations(phone)
    phone.click("button[name=approve_all]")
    phone.wait_for_selector("[role=alert]")
    found["nominations with a refusal at 390 px"] = violations(phone)
    phone.screenshot(path=str(SHOTS / "axe_nominations_refusal_390.png"), full_page=True)
    phone.context.close()
    assert len(found) == 23
    assert "เปิดแบบประเมินให้แก้ไข" in opened  # its button was checked too
    failing = {name: v for name, v in found.items() if v}
    assert not failing, "\n".join(f"{name}: {line}" for name, v in failing.items() for line in v)
