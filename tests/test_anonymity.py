"""A hidden rater's answers and comments reach no output a ratee, their
supervisor or HR can see.

Hidden raters answer 0 to every item and write a unique marker; everyone else
answers 3. So every figure computed without the hidden raters is exactly 3.0
(shown level 5), and any leak shows in the numbers as well as in the text.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Participant, Round
from assessments.services import (
    assignment_add,
    assignment_save,
    round_close,
    round_open,
    round_release,
)
from assessments.services.ratings import round_indicator_ids
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from tests.builders import make_team
from tests.factories import EmployeeFactory
from tests.reports.pdftext import pdftotext, pypdf_text

pytestmark = pytest.mark.django_db

HIDDEN = "ลับเฉพาะกลุ่มเล็ก-HIDDEN-7f3a"
SHOWN = "กลุ่มที่แสดงได้-SHOWN-91c2"
DRAFT = "ร่างที่ยังไม่ส่ง-DRAFT-55d0"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Scene:
    rnd: Round
    ratee: Participant
    ratee_user: object
    supervisor_user: object
    hr: object
    hidden_forms: list[Assignment]


def build(*, peers: int, subordinates: int, shown_subordinates: bool) -> Scene:
    """The ratee (staff[0]) has a supervisor, ``subordinates`` staff and ``peers`` peers.

    Hidden: the peers, and the subordinates too unless ``shown_subordinates``.
    """
    team = make_team(size=1 + peers, open_round=False)
    mid, *peer_people = team.staff
    for _ in range(subordinates):  # they rate the ratee as subordinates
        EmployeeFactory(unit=team.unit, supervisor=mid)
    extra = EmployeeFactory(unit=team.unit)  # a rater who never submits
    rnd = round_open(rnd=team.rnd)
    ratee = Participant.objects.get(round=rnd, employee=mid)
    for p in peer_people:
        assignment_add(participant=ratee, rater=p, group="peer", by=team.hr)
    late = assignment_add(participant=ratee, rater=extra, group="peer", by=team.hr)
    ids = round_indicator_ids(rnd=rnd)
    comp = team.competency.pk
    hidden_groups = {"peer"} | (set() if shown_subordinates else {"subordinate"})
    hidden_forms = []
    for form in Assignment.objects.filter(round=rnd).exclude(pk=late.pk):
        if form.participant_id == ratee.pk and form.group in hidden_groups:
            value, text = 0, f"{HIDDEN} {form.pk}"
            hidden_forms.append(form)
        else:
            value = 3
            text = SHOWN if form.participant_id == ratee.pk and form.group != "self" else ""
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, value),
                  comments={comp: text}, submit=True)
    # A draft never counts and is never shown either.
    assignment_save(assignment=late, rater=extra, answers=dict.fromkeys(ids, 0),
              comments={comp: DRAFT})
    round_close(rnd=rnd)
    round_release(rnd=rnd)
    rnd.refresh_from_db()
    round_snapshots_update(rnd=rnd)  # the on-commit hand-off does not run inside a test
    return Scene(rnd=rnd, ratee=ratee, ratee_user=mid.user, supervisor_user=team.boss.user,
                 hr=team.hr, hidden_forms=hidden_forms)


SCENES = {
    # 2 peers (< 3) hidden, 3 subordinates shown; "others" = the 2 peers, below 3: hidden.
    "small-peer-group": dict(peers=2, subordinates=3, shown_subordinates=True),
    # 1 peer + 1 subordinate: pooled "others" has 2 raters, still below 3: hidden.
    "others-below-minimum": dict(peers=1, subordinates=1, shown_subordinates=False),
}


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_clean(text: str, where: str) -> None:
    assert HIDDEN not in text, f"a hidden comment in {where}"
    assert DRAFT not in text, f"a draft comment in {where}"


def assert_figures_without_hidden(data: dict) -> None:
    groups_seen = {g["group"] for g in data["rater_counts"]}
    assert groups_seen.isdisjoint({"peer", "others"})
    for comp in data["competencies"]:
        assert comp["shown_level"] == 5
        assert set(comp["groups"]).isdisjoint({"peer", "others"})
        for level in comp["levels"]:
            assert level["score"] == 3.0
            for ind in level["indicators"]:
                assert ind["score"] == 3.0
                assert set(ind["group_means"].values()) == {3.0}
                assert ind["others"] in (None, 3.0)
        assert all(HIDDEN not in c["text"] for c in comp["comments"])


@pytest.mark.parametrize("scene", SCENES)
def test_hidden_raters_reach_no_output(scene):
    s = build(**SCENES[scene])
    snap = ReportSnapshot.objects.get(participant=s.ratee)
    assert_figures_without_hidden(snap.data)
    assert any(SHOWN in c["text"] for c in snap.data["competencies"][0]["comments"])

    for who, user in (("ratee", s.ratee_user), ("supervisor", s.supervisor_user),
                      ("hr", s.hr)):
        client = login(user)
        page = client.get(reverse("reports:participant_report",
                                  kwargs={"participant_pk": s.ratee.pk}))
        assert page.status_code == 200
        html = page.content.decode()
        assert_clean(html, f"the report page ({who})")
        assert SHOWN in html  # the check can see comments at all
        pdf = client.get(reverse("reports:participant_report_pdf",
                                 kwargs={"participant_pk": s.ratee.pk}))
        assert pdf.status_code == 200
        content = b"".join(pdf.streaming_content)
        for text in (pdftotext(content), pypdf_text(content)):
            assert_clean(text, f"the PDF ({who})")

    hr = login(s.hr)
    xlsx = hr.get(reverse("reports:round_results_export", kwargs={"pk": s.rnd.pk, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    csv_response = hr.get(reverse("reports:round_results_export",
                                  kwargs={"pk": s.rnd.pk, "fmt": "csv"}))
    csv_rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    number = s.ratee.employee.employee_number
    for table in (rows, csv_rows):
        header, *body = table
        line = next(r for r in body if str(r[0]) == number)
        assert_clean(json.dumps(table, default=str, ensure_ascii=False), "the export")
        level_cols = [i for i, h in enumerate(header) if "คะแนนระดับ" in str(h)]
        assert {float(line[i]) for i in level_cols} == {3.0}
        shown_col = next(i for i, h in enumerate(header) if "ระดับที่แสดง" in str(h))
        assert int(line[shown_col]) == 5

    heat = hr.get(reverse("reports:round_heatmap", kwargs={"pk": s.rnd.pk}))
    assert_clean(heat.content.decode(), "the heatmap")
    unit = hr.get(reverse("reports:round_heatmap_unit",
                          kwargs={"pk": s.rnd.pk, "unit_id": s.ratee.unit_id}))
    assert_clean(unit.content.decode(), "the unit drill-down")
    progress = hr.get(reverse("reports:round_reports_status", kwargs={"round_pk": s.rnd.pk}))
    body = progress.json()
    assert set(body) == {"total", "done", "failed", "queued", "retrying", "percent", "finished",
                         "statuses"}
    assert set(body["statuses"].values()) <= set(ReportSnapshot.Status.values)

    mine = login(s.ratee_user).get(reverse("my_data"))
    data = json.loads(mine.content)
    assert_clean(mine.content.decode(), "the ratee's personal data")
    # Only forms the ratee filled in, never answers others gave about them.
    assert all(f["ratee"] != s.ratee.employee.full_name or f["relation"] == "self"
               for f in data["forms_filled_in"])
    for form in data["forms_filled_in"]:
        assert set(form["answers"].values()) <= {3}


@pytest.mark.parametrize("scene", SCENES)
def test_hr_pages_show_statuses_never_answers(scene):
    s = build(**SCENES[scene])
    hr = login(s.hr)
    pages = {
        "dashboard": reverse("hr:round_dashboard", kwargs={"pk": s.rnd.pk}),
        "participants": reverse("hr:round_participants", kwargs={"pk": s.rnd.pk}),
        "participant": reverse("hr:participant_detail", kwargs={"pk": s.ratee.pk}),
        "missing": reverse("hr:round_missing", kwargs={"pk": s.rnd.pk}),
        "reports": reverse("reports:round_reports", kwargs={"round_pk": s.rnd.pk}),
    }
    pages |= {f"audit-{k}": reverse("audit") + f"?kind={k}"
              for k in ("rounds", "forms", "reopenings", "people", "roles")}
    for name, url in pages.items():
        response = hr.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_clean(html, f"HR page {name}")
        assert SHOWN not in html, f"HR page {name} shows what a rater wrote"
    # The participant page says who submitted.
    detail = hr.get(pages["participant"]).content.decode()
    for form in s.hidden_forms:
        assert form.rater.full_name in detail
    assert "ส่งแล้ว" in detail
