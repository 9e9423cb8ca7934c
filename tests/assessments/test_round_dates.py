"""A round's dates and weights as HR enters them (issue 15, "Dates in the
Buddhist Era, in and out"): the deadline typed in the Buddhist Era, inside the
round's fiscal half, not in the past when the round opens; weights that add
up to 100; the audit trail writing dates as dates."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment, Participant, Round
from assessments.services import round_create, round_extend_deadline, round_open
from competency.thaidate import input_date, thai_date
from tests.assessments.test_views_hr import round_post
from tests.builders import make_team, next_half, round_dates

pytestmark = pytest.mark.django_db


def shown_value(body: str, name: str) -> str:
    """The value attribute of the page's input ``name``."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)
    return re.search(r'value="([^"]*)"', tag).group(1)


def test_a_buddhist_era_year_is_saved_as_that_year_not_543_years_later(client):
    """"2570" typed as the year was saved as 2570 CE and shown as 3113."""
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    dates = round_dates(days=30)
    typed = input_date(dates["deadline"])  # e.g. 01/01/2570
    assert client.post(reverse("hr:round_create"), round_post(team, deadline=typed)
                       ).status_code == 302
    rnd = Round.objects.get(slug="new-round")
    assert rnd.deadline == dates["deadline"]
    page = client.get(reverse("hr:round_dashboard", args=[rnd.pk])).content.decode()
    assert thai_date(dates["deadline"]) in page


def test_a_christian_era_year_gets_a_thai_message_and_shows_back_as_typed(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    deadline = round_dates(days=30)["deadline"]
    typed = f"{deadline.day}/{deadline.month}/{deadline.year}"  # CE by mistake
    response = client.post(reverse("hr:round_create"), round_post(team, deadline=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"ปี {deadline.year} เป็นปีคริสต์ศักราช" in body and "พ.ศ. 2500 ถึง 2700" in body
    assert shown_value(body, "deadline") == typed
    assert not Round.objects.filter(slug="new-round").exists()


def test_the_round_form_is_a_buddhist_era_text_field_with_the_calendar(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    body = client.get(reverse("hr:round_edit", args=[team.rnd.pk])).content.decode()
    tag = re.search(r'<input[^>]*name="deadline"[^>]*>', body).group(0)
    assert 'type="text"' in tag and 'type="date"' not in body
    assert 'inputmode="numeric"' in tag and "data-be-date=" in tag
    assert shown_value(body, "deadline") == input_date(team.rnd.deadline)
    assert "/static/js/be-date.js" in body and "/static/css/be-date.css" in body
    assert "<script>" not in body  # the CSP allows no inline script


def test_the_deadline_must_fall_inside_the_rounds_fiscal_half(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    dates = round_dates(days=30)
    fiscal_year, half = next_half(dates["fiscal_year"], dates["half"])
    response = client.post(reverse("hr:round_create"),
                           round_post(team, fiscal_year=fiscal_year, half=half))
    body = response.content.decode()
    assert response.status_code == 200 and "กำหนดส่งต้องอยู่ในครึ่งปีงบประมาณของรอบ" in body
    start = "1 ต.ค." if half == 1 else "1 เม.ย."
    assert start in body
    assert not Round.objects.filter(slug="new-round").exists()
    with pytest.raises(ValidationError):
        round_create(agency=team.agency, name_th="x", slug="x", fiscal_year=fiscal_year,
                     half=half, deadline=dates["deadline"])


def test_a_deadline_in_the_past_is_refused_on_the_form(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(reverse("hr:round_edit", args=[team.rnd.pk]),
                           round_post(team, deadline=input_date(yesterday)))
    assert "กำหนดส่งต้องไม่อยู่ในอดีต" in response.content.decode()
    team.rnd.refresh_from_db()
    assert team.rnd.deadline != yesterday


@pytest.mark.parametrize("change", ["past", "outside half", "weights"])
def test_opening_checks_the_draft_again_and_changes_nothing_when_refused(client, change):
    """A draft saved before the rules (or while the deadline was still ahead)."""
    team = make_team(size=2, open_round=False)
    rnd = team.rnd
    if change == "past":
        rnd.deadline = timezone.localdate() - dt.timedelta(days=1)
        expected = f"กำหนดส่ง {thai_date(rnd.deadline, short=True)} ผ่านมาแล้ว"
    elif change == "outside half":
        rnd.fiscal_year += 1
        expected = "กำหนดส่งต้องอยู่ในครึ่งปีงบประมาณของรอบ"
    else:
        rnd.weight_self = 50
        expected = "น้ำหนักกลุ่มผู้ประเมินรวมกันต้องเท่ากับ 100 (ขณะนี้รวมได้ 130)"
    Round.objects.filter(pk=rnd.pk).update(deadline=rnd.deadline, fiscal_year=rnd.fiscal_year,
                                           weight_self=rnd.weight_self)
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_open", args=[rnd.pk]), follow=True)
    body = response.content.decode()
    assert "เปิดรอบไม่ได้" in body and expected in body
    rnd.refresh_from_db()
    assert rnd.state == Round.State.DRAFT and rnd.opened_at is None
    assert not Participant.objects.filter(round=rnd).exists()
    assert not Assignment.objects.filter(round=rnd).exists()


def test_a_new_deadline_is_typed_in_the_buddhist_era_and_stays_in_the_half(client):
    team = make_team(size=1)
    client.force_login(team.hr)
    url = reverse("hr:round_extend", args=[team.rnd.pk])
    start, end = team.rnd.half_period
    ce = f"{end.day:02d}/{end.month:02d}/{end.year}"
    response = client.post(url, {"deadline": ce})
    body = response.content.decode()
    assert response.status_code == 200 and f"ปี {end.year} เป็นปีคริสต์ศักราช" in body
    assert shown_value(body, "deadline") == ce
    after = input_date(end + dt.timedelta(days=1))
    body = client.post(url, {"deadline": after}).content.decode()
    assert "กำหนดส่งต้องอยู่ในครึ่งปีงบประมาณของรอบ" in body
    assert shown_value(body, "deadline") == after
    with pytest.raises(ValidationError):
        round_extend_deadline(rnd=team.rnd, deadline=end + dt.timedelta(days=1))
    team.rnd.refresh_from_db()
    assert team.rnd.deadline == round_dates()["deadline"]
    assert client.post(url, {"deadline": input_date(end)}).status_code == 302
    team.rnd.refresh_from_db()
    assert team.rnd.deadline == end


def test_group_weights_that_do_not_add_up_to_100_are_refused(client):
    team = make_team(size=1, open_round=False)
    client.force_login(team.hr)
    response = client.post(reverse("hr:round_create"),
                           round_post(team, weight_self="10", weight_peer="15.5"))
    body = response.content.decode()
    assert "น้ำหนักกลุ่มผู้ประเมินรวมกันต้องเท่ากับ 100 (ขณะนี้รวมได้ 85.5)" in body
    assert not Round.objects.filter(slug="new-round").exists()
    with pytest.raises(ValidationError, match="ต้องเท่ากับ 100"):
        round_create(agency=team.agency, name_th="x", slug="x", weight_recipient=10,
                     **round_dates())
    # The same shares written as fractions of 100 are taken.
    assert client.post(reverse("hr:round_create"), round_post(
        team, weight_self="12.5", weight_supervisor="37.5", weight_peer="25",
        weight_subordinate="25")).status_code == 302


def test_the_audit_page_writes_a_changed_deadline_as_dates(client):
    """It read "2570-08-31 → 2027-08-31": ISO, and the old value in the wrong era."""
    team = make_team(size=1, open_round=False)
    old = team.rnd.deadline
    new = team.rnd.half_period[1]
    new = new if new != old else new - dt.timedelta(days=1)
    round_extend_deadline(rnd=team.rnd, deadline=new)
    client.force_login(team.hr)
    body = client.get(reverse("audit"), {"kind": "rounds"}).content.decode()
    change = f"{thai_date(old, short=True)} → {thai_date(new, short=True)}"
    assert change in body
    assert old.isoformat() not in body and new.isoformat() not in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("audit"), {"kind": "rounds"}).content.decode()
    assert f"{old:%-d %b %Y} → {new:%-d %b %Y}" in body


def test_round_open_takes_the_day_it_counts_as():
    """The demo opens last half's round as of its own dates."""
    team = make_team(size=1, open_round=False)
    Round.objects.filter(pk=team.rnd.pk).update(
        deadline=team.rnd.half_period[0], fiscal_year=team.rnd.fiscal_year)
    with pytest.raises(ValidationError):
        round_open(rnd=team.rnd, today=team.rnd.half_period[0] + dt.timedelta(days=1))
    assert round_open(rnd=team.rnd, today=team.rnd.half_period[0]).state == Round.State.OPEN
