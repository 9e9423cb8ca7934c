"""Bad input through the pages: Thai combining marks, zero-width characters,
very long text, NUL bytes and invalid UTF-8 in uploads. Each gets a clear
message (200 with an error, or a redirect with a message) and the database
rows the form would change stay as they were."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import (
    Assignment,
    AssignmentComment,
    Employee,
    ImportJob,
    OrgUnit,
    Rating,
    Round,
)
from assessments.services.ratings import round_indicator_ids
from competency.models import Competency, Indicator, Level
from tests.builders import make_team

pytestmark = pytest.mark.django_db

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

NASTY = [
    "ก\u0e31\u0e48\u0e49\u0e4a\u0e4b" * 40,  # stacked Thai combining marks
    "\u0e48\u0e49",  # combining marks with no base character
    "\u200b\u200c\u200d\ufeff",  # zero-width characters only
    "ชื่อ\u200bซ่อน",  # a zero-width space inside a word
    "ผู้รับบริการ" * 800,  # very long
    "\x00",  # NUL
    "ก\x00ข",
    "<script>alert(1)</script>",
    "\ud7ff\ue000\uffff",
]
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
bad_bytes = st.one_of(
    st.sampled_from([b"\xff\xfe\xfa", b"\x80\x81\x82", b"\xc3\x28", b"\xed\xa0\x80",
                     b"a\x00b", b"\x00" * 50]),
    st.binary(min_size=1, max_size=64),
)
COUNTED = (Rating, AssignmentComment, Assignment, Employee, OrgUnit, Round, Competency, Level,
           Indicator)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def has_error(response) -> bool:
    if response.status_code == 302:
        return bool(messages_of(response))
    html = response.content.decode()
    return response.status_code == 200 and ("invalid-feedback" in html or "alert-danger" in html
                                            or "errorlist" in html or "text-danger" in html)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@SETTINGS
@given(comment=nasty_text, value=st.sampled_from(["4", "-1", "1.5", "\x00", "๓", "nb\u200b"]))
def test_rating_form_post(comment, value):
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    before = counts()
    # An out-of-scale value on one item: nothing of the form is saved.
    data = {f"ind_{ids[0]}": value, f"comment_{team.competency.pk}": comment, "submit": "1"}
    response = login(me.user).post(reverse("assessments:rate", kwargs={"pk": form.pk}), data)
    assert response.status_code == 200 and has_error(response)
    assert counts() == before
    assert Assignment.objects.get(pk=form.pk).status == Assignment.Status.PENDING


@SETTINGS
@given(comment=st.sampled_from([t for t in NASTY if "\x00" in t or len(t) > 4000]))
def test_rating_comment_that_cannot_be_stored(comment):
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    before = counts()
    data = {f"comment_{team.competency.pk}": comment, "draft": "1"}
    response = login(me.user).post(reverse("assessments:rate", kwargs={"pk": form.pk}), data)
    assert response.status_code == 200 and has_error(response)
    assert counts() == before


@SETTINGS
@given(q=nasty_text)
def test_nomination_search(q):
    team = make_team(size=2)
    participant = Assignment.objects.get(rater=team.staff[0], group="self").participant
    before = counts()
    response = login(team.staff[0].user).get(
        reverse("assessments:nominate", kwargs={"pk": participant.pk}), {"q": q})
    assert response.status_code == 200
    assert counts() == before


def test_nomination_search_says_why_a_query_is_refused():
    team = make_team(size=2)
    participant = Assignment.objects.get(rater=team.staff[0], group="self").participant
    response = login(team.staff[0].user).get(
        reverse("assessments:nominate", kwargs={"pk": participant.pk}), {"q": "ก" * 101})
    assert has_error(response)


@SETTINGS
@given(name=nasty_text, slug=nasty_text, year=st.sampled_from(["๒๕๖๙", "2569\x00", "-1", ""]))
def test_round_create_form(name, slug, year):
    team = make_team(size=1, open_round=False)
    before = counts()
    response = login(team.hr).post(reverse("hr:round_create"), {
        "agency": team.agency.pk, "name_th": name, "slug": slug, "fiscal_year": year,
        "half": "1", "deadline": "2100-01-01", "competencies": [team.competency.pk],
    })
    assert response.status_code == 200 and has_error(response)
    assert counts() == before


def _employee_csv(cell: str) -> bytes:
    header = "เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน\r\n"
    # The unit code names no unit: the row is refused whatever the text does.
    return (header + f"9001,{cell},{cell},{cell},วิชาการ,ชำนาญการ,NO-SUCH\r\n").encode()


@SETTINGS
@given(content=st.one_of(nasty_text.map(_employee_csv), bad_bytes,
                         bad_bytes.map(lambda b: _employee_csv("x")[:60] + b)),
       name=st.sampled_from(["people.csv", "people.xlsx", "people.txt", "ชื่อ\u200b.csv"]))
def test_people_import_upload(content, name):
    team = make_team(size=1, open_round=False)
    client = login(team.hr)
    before = counts()
    url = reverse("hr:import_upload", kwargs={"agency": team.agency.code, "kind": "employees"})
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    if response.status_code == 200:
        assert has_error(response)
    else:
        assert response.status_code == 302
        job = ImportJob.objects.get(agency=team.agency)
        assert job.status == ImportJob.Status.INVALID
        page = client.get(response.url)
        assert page.status_code == 200
        assert job.error or job.report.get("errors") or job.report.get("bad_rows") \
            or "alert" in page.content.decode()
        applied = client.post(reverse("hr:import_job_apply", kwargs={"pk": job.pk}))
        assert applied.status_code == 302 and messages_of(applied)
    assert counts() == before


@SETTINGS
@given(content=st.one_of(bad_bytes, nasty_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       name=st.sampled_from(["dict.json", "dict.csv", "dict.xlsx", "dict.exe"]))
def test_dictionary_import_upload(content, name):
    team = make_team(size=1, open_round=False)
    client = login(team.hr)
    before = counts()
    response = client.post(reverse("hr:dictionary_import_upload"),
                           {"file": SimpleUploadedFile(name, content), "cumulative": "on"})
    if response.status_code == 200:
        assert has_error(response)
    else:
        assert response.status_code == 302
        preview = client.get(response.url)
        assert preview.status_code == 200
        assert "alert-danger" in preview.content.decode() or "text-danger" in \
            preview.content.decode()
        token = response.url.rstrip("/").rsplit("/", 1)[-1]
        applied = client.post(reverse("hr:dictionary_import_apply", kwargs={"token": token}))
        assert applied.status_code in (200, 302)
    assert counts() == before


@pytest.mark.parametrize("name", ["hr:people", "hr:round_participants"])
def test_hr_search_with_a_nul_finds_nobody_and_says_why(name):
    """Issue 14: ``/hr/<agency>/people/?q=%00`` gave HTTP 500 (PostgreSQL cannot
    compare a NUL). A search box with a NUL now finds nobody, with the form's message."""
    team = make_team(size=2)
    kwargs = {"agency": team.agency.code} if name == "hr:people" else {"pk": team.rnd.pk}
    response = login(team.hr).get(reverse(name, kwargs=kwargs), {"q": "ก\x00"})
    assert response.status_code == 200 and has_error(response)
    html = response.content.decode()
    assert not any(e.employee_number in html for e in team.staff)
    everyone = login(team.hr).get(reverse(name, kwargs=kwargs)).content.decode()
    assert all(e.employee_number in everyone for e in team.staff)


def _field_errors(html: str) -> list[str]:
    """The texts of the form's errors (crispy's, Django's list, a row's alert)."""
    import re
    found = re.findall(r'<(?:ul class="errorlist[^"]*"|div class="alert alert-danger[^"]*"'
                       r'[^>]*)>(.*?)</(?:ul|div)>', html, re.S)
    return [re.sub(r"<[^>]+>", " ", f).strip() for f in found if f.strip()]


@pytest.mark.parametrize("comment, expected", [
    ("ก\x00ข", "ข้อความมีอักขระที่ไม่อนุญาต"),
    ("ผู้รับบริการ" * 400, "ข้อความยาวได้ไม่เกิน 4000 ตัวอักษร (ขณะนี้ 4800 ตัวอักษร)"),
], ids=["nul", "long"])
def test_a_comment_that_cannot_be_stored_is_refused_in_thai(comment, expected):
    """The finding: Django's own "Null characters are not allowed." and
    "Ensure this value has at most 4000 characters (it has 4800)." reached the
    Thai page: Django's Thai catalogue lacks both."""
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    data = {f"comment_{team.competency.pk}": comment, "draft": "1"}
    html = login(me.user).post(reverse("assessments:rate", kwargs={"pk": form.pk}),
                               data).content.decode()
    assert expected in html
    assert "Null characters" not in html and "Ensure this value" not in html


@pytest.mark.parametrize("data, expected", [
    ({"decision": "reject", "reason": "ก\x00ข"}, "ข้อความมีอักขระที่ไม่อนุญาต"),
    ({"decision": "reject", "reason": "ก" * 301},
     "ข้อความยาวได้ไม่เกิน 300 ตัวอักษร (ขณะนี้ 301 ตัวอักษร)"),
    ({"reason": ""}, "โปรดเลือกอนุมัติหรือไม่อนุมัติ"),
    ({"decision": "maybe"}, "โปรดเลือกอนุมัติหรือไม่อนุมัติ"),
], ids=["nul", "long", "no decision", "unknown decision"])
def test_a_nomination_decision_that_cannot_be_taken_is_refused_in_thai(data, expected):
    """The same for the reason of a refusal, and a decision that is neither
    (Django's "ฟิลด์นี้จำเป็น", and its invalid-choice text that repeats what
    was posted)."""
    from assessments.models import Participant
    from assessments.services import assignment_nominate
    team = make_team(size=2)
    ratee = Participant.objects.get(round=team.rnd, employee=team.staff[0])
    row = assignment_nominate(participant=ratee, rater=team.staff[1], group="peer",
                              by=team.staff[0].user)
    client = login(team.boss.user)
    response = client.post(reverse("assessments:nomination_decide", args=[row.pk]), data,
                           follow=True)
    html = response.content.decode()
    assert expected in html, _field_errors(html)
    assert "Null characters" not in html and "Ensure this value" not in html
    assert "ฟิลด์นี้จำเป็น" not in html and "maybe" not in html
    assert Assignment.objects.get(pk=row.pk).status == Assignment.Status.PROPOSED
