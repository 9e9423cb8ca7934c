"""Access follows the organisation as it changes (issue 14, docs/product-rules.md).

A supervisor moved to another unit, or replaced as a person's supervisor,
kept opening that person's open-round form and every past report. Now:

- a running round keeps its frozen roster (the old supervisor still rates),
  the round dashboard tells HR, and one action swaps in today's supervisor;
  from then the old one gets 404 for the form on their next request;
- past reports: the old supervisor gets 404 on their next request.

Each case with a logged-in session (a real Client, logged in once).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Employee, Participant, Round
from tests.access.world import build_world
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _changed_section(response) -> str:
    html = response.content.decode()
    start = html.find('id="changed-raters"')
    return "" if start < 0 else html[start:html.index("</section>", start)]


def _move_away(world, case: str) -> Employee | None:
    """Change the organisation; return the person's new supervisor, if any."""
    if case == "unit_move":  # the supervisor goes to a unit of another branch
        elsewhere = OrgUnitFactory(agency=world.rnd.agency)
        Employee.objects.filter(pk=world.supervisor.pk).update(unit=elsewhere)
        return None
    new_boss = EmployeeFactory(unit=world.employee.unit,
                               position_type="director", position_level="primary")
    Employee.objects.filter(pk=world.employee.pk).update(supervisor=new_boss)
    return new_boss


@pytest.mark.parametrize("case", ["unit_move", "supervisor_change"])
def test_past_reports_end_at_once_for_a_supervisor_who_no_longer_supervises(case):
    world = build_world(state=Round.State.RELEASED)
    url = reverse("reports:participant_report", kwargs={"participant_pk": world.participant.pk})
    boss = _session(world.supervisor.user)
    assert boss.get(url).status_code == 200
    pdf = reverse("reports:participant_report_pdf",
                  kwargs={"participant_pk": world.participant.pk})
    new_boss = _move_away(world, case)
    assert boss.get(url).status_code == 404  # the next request of the same session
    assert boss.get(pdf).status_code == 404
    assert _session(world.employee.user).get(url).status_code == 200  # the person still reads it
    if new_boss is not None:  # not the new one either: they did not supervise then
        assert _session(new_boss.user).get(url).status_code == 404


@pytest.mark.parametrize("case", ["unit_move", "supervisor_change"])
def test_an_open_round_keeps_its_roster_until_hr_swaps_the_rater_in_one_action(case):
    world = build_world(state=Round.State.OPEN)
    form = Assignment.objects.get(participant=world.participant, group="supervisor")
    rate = reverse("assessments:rate", kwargs={"pk": form.pk})
    boss = _session(world.supervisor.user)
    assert boss.get(rate).status_code == 200
    hr = _session(world.users["hr"])
    dashboard = reverse("hr:round_dashboard", kwargs={"pk": world.rnd.pk})
    assert not _changed_section(hr.get(dashboard))

    new_boss = _move_away(world, case)
    assert boss.get(rate).status_code == 200  # the frozen roster decides who rates
    page = hr.get(dashboard).content.decode()
    assert 'id="changed-raters"' in page and world.employee.full_name in page
    assert ("ย้ายหน่วยงานแล้ว" if case == "unit_move" else "ไม่ได้เป็นผู้บังคับบัญชาแล้ว") in page
    swap = reverse("hr:assignment_swap", kwargs={"pk": form.pk})
    if new_boss is None:  # moved away, nobody recorded yet: HR names the new rater
        assert reverse("hr:participant_detail", kwargs={"pk": world.participant.pk}) in page
        new_boss = EmployeeFactory(unit=world.employee.unit,
                                   position_type="director", position_level="primary")
        Employee.objects.filter(pk=world.employee.pk).update(supervisor=new_boss)
    else:  # the dashboard's one button carries today's supervisor
        assert swap in page and f'value="{new_boss.employee_number}"' in page
    response = hr.post(swap, {"employee_number": new_boss.employee_number,
                              "reason": "ผู้บังคับบัญชาเปลี่ยนหลังเปิดรอบ"})
    assert response.status_code == 302

    assert boss.get(rate).status_code == 404  # on the old supervisor's next request
    new_form = Assignment.objects.get(participant=world.participant, group="supervisor",
                                      rater=new_boss)
    assert _session(new_boss.user).get(
        reverse("assessments:rate", kwargs={"pk": new_form.pk})).status_code == 200
    assert Participant.objects.get(pk=world.participant.pk).supervisor_id == new_boss.pk
    # No longer listed (after a unit move the supervisor's other staff still are).
    assert world.employee.full_name not in _changed_section(hr.get(dashboard))
