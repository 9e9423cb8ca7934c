"""A re-release that changes a result says so (issue 19): the person, and their
supervisor where the person had acknowledged, get a notice; the report reads
"issue N, issued on D, replacing the one issued on D'"; the acknowledgement of
the earlier issue is shown as such and asked for again. Nothing says why.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment, Participant
from assessments.services import (
    assignment_add,
    assignment_save,
    rater_allow_late,
    round_close,
    round_release,
)
from assessments.services.ratings import round_indicator_ids
from competency.thaidate import thai_date
from reports.models import ReportAcknowledgement, ReportNotice, ReportSnapshot
from reports.services import round_snapshots_update
from reports.tasks import report_notices_send
from tests.builders import make_team
from tests.reports.pdftext import pdftotext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def release(rnd):
    """HR's (re-)release, with the snapshot hand-off its commit would trigger."""
    round_release(rnd=rnd)
    round_snapshots_update(rnd=rnd)


def build(*, late_submitted_before_release: bool = False):
    """The ratee is rated 2 by self and supervisor and 0 by three peers: shown
    level 0 (score 1.5). A fourth peer is allowed in late."""
    team = make_team(size=5)
    for n, person in enumerate([team.boss, *team.staff]):
        person.email = f"p{n}@example.go.th"
        person.save(update_fields=["email"])
    rnd = team.rnd
    ratee = Participant.objects.get(round=rnd, employee=team.staff[0])
    forms = [assignment_add(participant=ratee, rater=p, group="peer", by=team.hr)
             for p in team.staff[1:]]
    ids = round_indicator_ids(rnd=rnd)
    for form in Assignment.objects.filter(participant=ratee).exclude(pk=forms[-1].pk):
        value = 0 if form.group == "peer" else 2
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, value),
                        submit=True)
    round_close(rnd=rnd)
    round_snapshots_update(rnd=rnd)  # built while closed: only HR has seen it
    rater_allow_late(rnd=rnd, rater=forms[-1].rater, allow=True)
    late = forms[-1]

    def submit_late():
        form = Assignment.objects.get(pk=late.pk)
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 0),
                        submit=True)

    if late_submitted_before_release:
        submit_late()
    release(rnd)
    return team, rnd, ratee, submit_late


def snapshot(ratee) -> ReportSnapshot:
    return ReportSnapshot.objects.get(participant=ratee)


def figures(ratee) -> tuple:
    comp = snapshot(ratee).data["competencies"][0]
    return comp["shown_level"], comp["gap_points"]


def test_a_changed_result_is_reissued_told_and_acknowledged_again(mailoutbox):
    team, rnd, ratee, submit_late = build()
    assert snapshot(ratee).issue == 1 and figures(ratee) == (0, 1)
    person = Client()
    person.force_login(team.staff[0].user)
    page_url = reverse("reports:participant_report", args=[ratee.pk])
    person.post(reverse("reports:participant_report_acknowledge", args=[ratee.pk]))
    first = ReportAcknowledgement.objects.get(snapshot__participant=ratee)
    assert first.issue == 1
    first_issued = snapshot(ratee).issued_at

    # The late form comes in and HR re-releases: one changed form in a group of
    # three is withheld (no differencing), and the result changes with it.
    submit_late()
    release(rnd)
    snap = snapshot(ratee)
    assert figures(ratee) == (5, 3)
    assert snap.issue == 2 and snap.replaces_issued_at == first_issued

    # Notices: the person, and the supervisor because the person had acknowledged.
    assert report_notices_send(rnd.pk) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [team.staff[0].email, team.boss.email])
    for mail in mailoutbox:
        assert "ออกใหม่เป็นฉบับที่ 2" in mail.body and "reissued as issue 2" in mail.body
        assert page_url in mail.body
        # Never why: no rater group, no form, no figure.
        text = (mail.subject + mail.body).lower()
        assert "เพื่อนร่วมงาน" not in text and "แบบประเมิน" not in text
        assert not re.search(r"\b(peer|form|forms|level|points?)\b", text)
    assert report_notices_send(rnd.pk) == 0  # each notice once
    assert len(mailoutbox) == 2

    # The version line, on the page and in the PDF.
    today = thai_date(timezone.now())
    line = f"ฉบับที่ 2 ออกเมื่อ {today} แทนฉบับที่ออกเมื่อ {thai_date(first_issued)}"
    body = person.get(page_url).content.decode()
    assert line in body
    pdf = person.get(reverse("reports:participant_report_pdf", args=[ratee.pk]))
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert "".join(line.split()) in "".join(pdftotext(content).split())

    # The earlier acknowledgement is shown as such, and asked for again.
    assert "ได้รับทราบรายงานฉบับที่ 1 เมื่อ" in body
    assert "โปรดยืนยันการรับทราบรายงานฉบับนี้อีกครั้ง" in body
    person.post(reverse("reports:participant_report_acknowledge", args=[ratee.pk]))
    assert set(ReportAcknowledgement.objects.filter(snapshot=snap)
               .values_list("issue", flat=True)) == {1, 2}
    body = person.get(page_url).content.decode()
    assert "โปรดยืนยันการรับทราบ" not in body and "รับทราบผลการประเมินแล้ว" in body


def test_no_acknowledgement_no_notice_to_the_supervisor(mailoutbox):
    team, rnd, ratee, submit_late = build()
    submit_late()
    release(rnd)
    assert snapshot(ratee).issue == 2
    assert report_notices_send(rnd.pk) == 1
    assert [m.to[0] for m in mailoutbox] == [team.staff[0].email]


def test_changes_before_the_first_release_are_issue_one_and_a_plain_re_release_nothing():
    team, rnd, ratee, _submit = build(late_submitted_before_release=True)
    # Built while closed, changed by the late form before release: nobody but
    # HR saw the first build, so the person's report is issue 1.
    snap = snapshot(ratee)
    assert snap.version == 2 and snap.issue == 1 and snap.replaces_issued_at is None
    release(rnd)  # nothing changed since
    assert snapshot(ratee).issue == 1
    assert not ReportNotice.objects.exists()
    client = Client()
    client.force_login(team.staff[0].user)
    body = client.get(reverse("reports:participant_report", args=[ratee.pk])).content.decode()
    assert "ออกเมื่อ" not in body.split("วันที่ออกรายงาน")[1][:300]
