"""A person's name breaks a line only at its spaces. Thai has no spaces inside
a word: the browser breaks it by a dictionary, which does not hold names, and
in the phone's narrow columns surnames came apart (นายปิยะพงษ์ สาย|ทอง on the
nominations page, สมบูรณ์|ศักดิ์ in the reports table)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from assessments.models import Employee, Participant, Round
from assessments.services import assignment_nominate
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def nowrap(*parts: str) -> str:
    return " ".join(f'<span class="text-nowrap">{p}</span>' for p in parts)


def render(value) -> str:
    return Template("{% load thai %}{{ value|person_name }}").render(Context({"value": value}))


def test_each_part_of_a_name_is_kept_whole_and_escaped():
    assert render("นายปิยะพงษ์ สายทอง") == nowrap("นายปิยะพงษ์", "สายทอง")
    assert render("นางสาว<b>ศศิธร</b>  ชื่นใจ") == nowrap("นางสาว&lt;b&gt;ศศิธร&lt;/b&gt;", "ชื่นใจ")
    assert render("") == ""


def named(team):
    Employee.objects.filter(pk=team.staff[0].pk).update(first_name="ปิยะพงษ์", last_name="สายทอง")
    Employee.objects.filter(pk=team.staff[1].pk).update(first_name="สุรชัย",
                                                        last_name="สมบูรณ์ศักดิ์")


def test_the_nominations_page_keeps_names_whole(client):
    team = make_team(size=2)
    named(team)
    ratee = Participant.objects.get(round=team.rnd, employee=team.staff[1])
    assignment_nominate(participant=ratee, rater=team.staff[0], group="peer",
                        by=team.staff[1].user)
    client.force_login(team.boss.user)
    body = client.get(reverse("assessments:nominations")).content.decode()
    assert f"{nowrap('นายปิยะพงษ์', 'สายทอง')} ประเมิน {nowrap('นายสุรชัย', 'สมบูรณ์ศักดิ์')}" in body


@pytest.mark.parametrize("page", ["team", "round_reports", "round_dashboard", "round_close"])
def test_the_issue_15_pages_keep_names_whole(client, page):
    team = make_team(size=2)
    named(team)
    user, url = {
        "team": (team.boss.user, reverse("assessments:team")),
        "round_reports": (team.hr, reverse("reports:round_reports", args=[team.rnd.pk])),
        "round_dashboard": (team.hr, reverse("hr:round_dashboard", args=[team.rnd.pk])),
        "round_close": (team.hr, reverse("hr:round_close", args=[team.rnd.pk])),
    }[page]
    if page == "round_reports":  # the table is there once the round is closed
        Round.objects.filter(pk=team.rnd.pk).update(state="closed")
    client.force_login(user)
    body = client.get(url).content.decode()
    assert nowrap("นายสุรชัย", "สมบูรณ์ศักดิ์") in body
    assert "นายสุรชัย สมบูรณ์ศักดิ์<" not in body  # nowhere bare
