import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Round
from reports.models import ReportAccess, ReportAcknowledgement, ReportSnapshot
from reports.services import report_render, round_snapshots_update
from tests.factories import HrOfficerFactory
from tests.reports.scenario import HIDDEN_COMMENT, rated_round

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_person_reads_their_report_and_acknowledges_it():
    r = rated_round()
    client = _client(r.ratee.employee.user)
    url = reverse("reports:participant_report", kwargs={"participant_pk": r.ratee.pk})
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "ให้การบริการที่เป็นมิตร สุภาพ" in body
    assert "รับทราบผลการประเมิน" in body
    assert ReportAccess.objects.filter(user=r.ratee.employee.user, kind="page").count() == 1

    ack = reverse("reports:participant_report_acknowledge", kwargs={"participant_pk": r.ratee.pk})
    assert client.post(ack).status_code == 302
    assert client.post(ack).status_code == 302  # twice: still one acknowledgement
    assert ReportAcknowledgement.objects.count() == 1
    assert "รับทราบผลการประเมินแล้ว" in client.get(url).content.decode()


def test_pdf_download_is_logged():
    r = rated_round()
    boss = _client(r.team.boss.user)
    url = reverse("reports:participant_report_pdf", kwargs={"participant_pk": r.ratee.pk})
    response = boss.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    log = ReportAccess.objects.get(kind="pdf")
    assert log.user == r.team.boss.user and log.participant_id == r.ratee.pk


def test_hidden_group_not_on_the_page():
    r = rated_round()
    page = _client(r.small.employee.user).get(
        reverse("reports:participant_report", kwargs={"participant_pk": r.small.pk})
    )
    assert HIDDEN_COMMENT not in page.content.decode()


def test_person_sees_nothing_before_release_but_hr_does():
    r = rated_round(state=Round.State.CLOSED)
    url = reverse("reports:participant_report", kwargs={"participant_pk": r.ratee.pk})
    assert _client(r.ratee.employee.user).get(url).status_code == 404
    assert _client(r.team.boss.user).get(url).status_code == 404
    assert _client(r.team.hr).get(url).status_code == 200
    assert _client(HrOfficerFactory().user).get(url).status_code == 404


def test_released_page_keeps_figures_until_re_release():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    snap.data["competencies"][0]["name"] = "ชื่อที่บันทึกไว้ตอนประกาศผล"
    snap.save()
    page = _client(r.ratee.employee.user).get(
        reverse("reports:participant_report", kwargs={"participant_pk": r.ratee.pk})
    )
    assert "ชื่อที่บันทึกไว้ตอนประกาศผล" in page.content.decode()


def test_hr_round_page_status_generate_and_zip(django_capture_on_commit_callbacks):
    r = rated_round()
    hr = _client(r.team.hr)
    kwargs = {"round_pk": r.rnd.pk}
    page = hr.get(reverse("reports:round_reports", kwargs=kwargs))
    assert page.status_code == 200
    assert "reports-progress.js" in page.content.decode()
    status = json.loads(hr.get(reverse("reports:round_reports_status", kwargs=kwargs)).content)
    assert status["total"] == r.rnd.participants.count() and status["done"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(reverse("reports:round_reports_generate", kwargs=kwargs))
    assert response.status_code == 302
    status = json.loads(hr.get(reverse("reports:round_reports_status", kwargs=kwargs)).content)
    assert status["finished"] and status["percent"] == 100
    assert set(status["statuses"].values()) == {"done"}

    response = hr.get(reverse("reports:round_reports_zip", kwargs=kwargs))
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert len(names) == status["total"] and all(n.endswith(".pdf") for n in names)
    assert ReportAccess.objects.filter(kind="zip").count() == 1


def test_round_page_lists_who_has_not_acknowledged(django_assert_max_num_queries):
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    ReportAcknowledgement.objects.create(snapshot=snap, user=r.ratee.employee.user,
                                         data_hash=snap.data_hash)
    hr = _client(r.team.hr)
    url = reverse("reports:round_reports", kwargs={"round_pk": r.rnd.pk})
    with django_assert_max_num_queries(12):
        body = hr.get(url).content.decode()
    total = r.rnd.participants.count()
    assert f"ยังไม่รับทราบ <strong>{total - 1}</strong>" in body


def test_failed_report_shows_its_reason():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    ReportSnapshot.objects.filter(pk=snap.pk).update(status="failed", failure_reason="แบบอักษรหาย")
    body = _client(r.team.hr).get(
        reverse("reports:round_reports", kwargs={"round_pk": r.rnd.pk})
    ).content.decode()
    assert "แบบอักษรหาย" in body
    report_render(snapshot=ReportSnapshot.objects.get(pk=snap.pk))
    assert ReportSnapshot.objects.get(pk=snap.pk).status == "done"
