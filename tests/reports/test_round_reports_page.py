"""HR's reports page shows what applies to the round's state ("'ยังไม่รับทราบ'
before release is meaningless"), with a way back to the round."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Round
from reports.models import ReportAcknowledgement, ReportSnapshot
from reports.services import round_snapshots_update
from tests.builders import make_team
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def page(team, rnd) -> str:
    client = Client()
    client.force_login(team.hr)
    response = client.get(reverse("reports:round_reports", kwargs={"round_pk": rnd.pk}))
    assert response.status_code == 200
    return response.content.decode()


def back_link(rnd) -> str:
    return f'href="{reverse("hr:round_dashboard", args=[rnd.pk])}"'


def generate(rnd) -> str:
    return reverse("reports:round_reports_generate", kwargs={"round_pk": rnd.pk})


def test_closed_round_builds_reports_and_says_nothing_of_acknowledgement():
    r = rated_round(state=Round.State.CLOSED)
    round_snapshots_update(rnd=r.rnd)
    body = page(r.team, r.rnd)
    assert back_link(r.rnd) in body
    assert generate(r.rnd) in body and 'id="report-progress"' in body
    assert "รับทราบ" not in body  # neither the count nor the column
    assert "จะเห็นรายงานเมื่อประกาศผลแล้ว" in body
    report = reverse("reports:participant_report", kwargs={"participant_pk": r.ratee.pk})
    assert f'href="{report}"' in body  # HR reads a report before releasing it


def test_released_round_counts_and_marks_acknowledgements():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    ReportAcknowledgement.objects.create(snapshot=snap, user=r.ratee.employee.user,
                                         data_hash=snap.data_hash)
    body = page(r.team, r.rnd)
    assert back_link(r.rnd) in body
    total = r.rnd.participants.count()
    assert f"ยังไม่รับทราบ <strong>{total - 1}</strong>" in body
    assert '<th scope="col" class="d-none d-sm-table-cell">รับทราบ</th>' in body
    assert "จะเห็นรายงานเมื่อประกาศผลแล้ว" not in body


def test_open_round_offers_no_reports_yet():
    team = make_team()
    body = page(team, team.rnd)
    assert back_link(team.rnd) in body
    assert generate(team.rnd) not in body and 'id="report-progress"' not in body
    assert reverse("reports:round_reports_zip", kwargs={"round_pk": team.rnd.pk}) not in body
    assert "รับทราบ" not in body
    assert "สร้างรายงานได้เมื่อปิดรอบการประเมินแล้ว" in body


def test_rows_without_a_report_link_to_none():
    r = rated_round(state=Round.State.CLOSED)  # closed, no snapshot built yet
    body = page(r.team, r.rnd)
    report = reverse("reports:participant_report", kwargs={"participant_pk": r.ratee.pk})
    assert report not in body
    assert "ยังไม่สร้าง" in body
