"""PDPA erasure that erases (issue 14): after HR removes a former employee's
personal data, no text column of any table, and no stored file, holds their
name, number or e-mail; their reports end rendered, so the round's progress
is finished; the other participants' PDFs stay byte for byte the same."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from assessments.imports import import_job_check, import_job_create
from assessments.models import (
    AccountEvent,
    Assignment,
    AssignmentComment,
    DirectoryIdentity,
    Employee,
)
from assessments.services import assignment_save, round_close, round_release
from assessments.services.personal_data import employee_anonymise
from assessments.services.ratings import round_indicator_ids
from reports.models import ReportSnapshot
from reports.selectors import round_report_progress
from reports.services import report_render, round_snapshots_update
from tests.builders import make_team

pytestmark = pytest.mark.django_db(transaction=False)

FIRST, LAST, NUMBER, EMAIL = "ลบทิ้งแน่นอน", "สกุลที่ต้องหาย", "7700991", "erase.me@example.go.th"


def text_hits(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text-like column of every table holding a needle."""
    hits = []
    with connection.cursor() as cur:
        for table in connection.introspection.table_names(cur):
            for col in connection.introspection.get_table_description(cur, table):
                cur.execute(
                    "SELECT data_type FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = %s", [table, col.name])
                kind = cur.fetchone()[0]
                if kind not in ("character varying", "text", "jsonb", "json"):
                    continue
                for needle in needles:
                    cur.execute(f'SELECT 1 FROM "{table}" WHERE "{col.name}"::text LIKE %s '  # noqa: S608
                                "LIMIT 1", [f"%{needle}%"])
                    if cur.fetchone():
                        hits.append((table, col.name, needle))
    return hits


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_erasure_leaves_no_trace_in_any_table_or_file(client, django_capture_on_commit_callbacks):
    team = make_team(size=3)
    person = team.staff[0]
    Employee.objects.filter(pk=person.pk).update(first_name=FIRST, last_name=LAST,
                                                 employee_number=NUMBER, email=EMAIL)
    person.refresh_from_db()
    person.user.username = NUMBER
    person.user.save()
    person.save()  # a history row with the name
    ids = round_indicator_ids(rnd=team.rnd)
    for form in Assignment.objects.filter(round=team.rnd):
        # A colleague's comment on the person names them.
        about = form.participant.employee_id == person.pk and form.rater_id != person.pk
        text = f"คุณ{FIRST} {LAST} ให้บริการดี" if about else "ความเห็น"
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2),
                        comments={team.competency.pk: text}, submit=True)
    round_close(rnd=team.rnd)
    round_release(rnd=team.rnd)
    round_snapshots_update(rnd=team.rnd)
    snaps = ReportSnapshot.objects.filter(round=team.rnd)
    for snap in snaps.all():
        report_render(snapshot=snap)
    # Traces elsewhere: an import preview and its file, the admin log, an account
    # event, a directory binding, a failed sign-in.
    csv = ("เลขประจำตัว,ชื่อ,นามสกุล,ตำแหน่ง,ประเภทตำแหน่ง,ระดับตำแหน่ง,หน่วยงาน,อีเมล\r\n"
           f"{NUMBER},{FIRST},{LAST},นักวิชาการ,วิชาการ,ปฏิบัติการ,{team.unit.code},{EMAIL}\r\n")
    job = import_job_check(job=import_job_create(
        agency=team.agency, kind="employees", by=team.hr,
        upload=SimpleUploadedFile("staff.csv", csv.encode())))
    assert FIRST in str(job.report)
    job_file = job.file.name
    LogEntry.objects.log_actions(user_id=team.hr.pk, queryset=[person], action_flag=CHANGE,
                                 change_message=f"แก้ไขอีเมลของ {FIRST} {LAST}")
    AccountEvent.objects.create(agency=team.agency, employee=person, user=person.user,
                                kind=AccountEvent.Kind.ACTIVATION_SENT, note=EMAIL)
    DirectoryIdentity.objects.create(user=person.user, source="ldap", issuer="ldap://dc",
                                     subject=f"CN={FIRST} {LAST},OU=staff",
                                     last_at=timezone.now())
    client.post(reverse("login"), {"username": NUMBER, "password": "wrong"})
    assert text_hits([FIRST, LAST, NUMBER, EMAIL])  # the dump does see them

    others = {s.pk: default_storage.open(s.pdf.name).read()
              for s in snaps.exclude(participant__employee=person)
              .exclude(participant__supervisor=person)}
    Employee.objects.filter(pk=person.pk).update(is_active=False)
    later = timezone.localdate() + dt.timedelta(days=365 * 11)
    with django_capture_on_commit_callbacks(execute=True):
        employee_anonymise(employee=Employee.objects.get(pk=person.pk), by=team.hr, today=later)

    assert text_hits([FIRST, LAST, NUMBER, EMAIL]) == []
    assert not default_storage.exists(job_file)
    comment = AssignmentComment.objects.filter(text__contains="ให้บริการดี").first()
    assert comment is not None and "ผู้ใช้ที่ถูกลบข้อมูล" in comment.text
    # Their own report is rendered again under the placeholder: nothing stays queued.
    progress = round_report_progress(rnd=team.rnd)
    assert progress["finished"] and progress["queued"] == 0 and progress["percent"] == 100
    for snap in ReportSnapshot.objects.filter(round=team.rnd):
        assert snap.pdf_ready and default_storage.exists(snap.pdf.name)
        if snap.pk in others:  # untouched, byte for byte
            assert default_storage.open(snap.pdf.name).read() == others[snap.pk]
