"""Development plans: the rules of the plan services, and the version the report prints.

Figures are written out by hand: the texts come from the Service Mind fixture,
the dates are the ones typed, the hash is that of the canonical JSON.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Round
from competency.models import Indicator
from reports.models import DevelopmentPlan, DevelopmentPlanItem, ReportSnapshot
from reports.plans.services import (
    plan_agree,
    plan_item_add,
    plan_item_remove,
    plan_item_update,
)
from reports.services import round_snapshots_update, snapshots_to_render
from tests.factories import CompetencyFactory
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

Kind, Status = DevelopmentPlanItem.Kind, DevelopmentPlanItem.Status
APRIL, JUNE = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
TEXT_21 = ("รับเป็นธุระ ช่วยแก้ปัญหาหรือหาแนวทางแก้ไขปัญหาที่เกิดขึ้นแก่ผู้รับบริการอย่างรวดเร็ว "
           "ไม่บ่ายเบี่ยง ไม่แก้ตัว หรือปัดภาระ")
TEXT_32 = ("ให้ข้อมูล ข่าวสาร ที่เกี่ยวข้องกับงานที่กำลังให้บริการอยู่ ซึ่งเป็นประโยชน์แก่ผู้รับบริการ "
           "แม้ว่าผู้รับบริการจะไม่ได้ถามถึง หรือไม่ทราบมาก่อน")


def indicator(competency, level: int, order: int) -> Indicator:
    return Indicator.objects.get(level__competency=competency, level__number=level, order=order)


@pytest.fixture
def released():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    return r


def _add(r, level=2, order=1, **fields):
    values = {"kind": Kind.TRAINING, "detail": "หลักสูตรการบริการที่เป็นเลิศ",
              "starts_on": APRIL, "ends_on": JUNE} | fields
    return plan_item_add(participant=r.ratee, by=r.ratee.employee.user,
                         indicator=indicator(r.team.competency, level, order), **values)


def _errors(exc: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_period_ending_before_it_starts_is_refused_with_a_thai_message(released):
    with pytest.raises(ValidationError) as exc:
        _add(released, starts_on=JUNE, ends_on=APRIL)
    assert _errors(exc) == {"ends_on": ["วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"]}
    assert not DevelopmentPlanItem.objects.exists()
    # One day is a period: a one-day course starts and ends on the same day.
    assert _add(released, starts_on=APRIL, ends_on=APRIL).ends_on == APRIL


def test_period_over_two_years_is_refused(released):
    with pytest.raises(ValidationError) as exc:
        _add(released, starts_on=APRIL, ends_on=APRIL + dt.timedelta(days=2 * 366 + 1))
    assert _errors(exc) == {"ends_on": ["ระยะเวลาการพัฒนายาวได้ไม่เกิน 2 ปี"]}


def test_detail_length_and_other_needs_a_detail(released):
    with pytest.raises(ValidationError) as exc:
        _add(released, detail="ก" * 301)
    assert _errors(exc) == {"detail": ["รายละเอียดยาวได้ไม่เกิน 300 ตัวอักษร (ที่กรอกมี 301)"]}
    with pytest.raises(ValidationError) as exc:
        _add(released, kind=Kind.OTHER, detail="   ")
    assert _errors(exc) == {"detail": ["โปรดระบุวิธีการพัฒนาเมื่อเลือก “อื่น ๆ”"]}
    with pytest.raises(ValidationError) as exc:
        _add(released, detail="a\x00b")
    assert "detail" in _errors(exc)
    item = _add(released, kind=Kind.OTHER, detail="  ศึกษาดูงานหน่วยงานต้นแบบ  ")
    assert item.detail == "ศึกษาดูงานหน่วยงานต้นแบบ"  # stored trimmed
    assert _add(released, level=1, order=1, detail="ก" * 300).detail == "ก" * 300


def test_indicator_must_belong_to_the_rounds_competencies(released):
    elsewhere = CompetencyFactory(indicators_per_level=1)
    with pytest.raises(ValidationError) as exc:
        plan_item_add(participant=released.ratee, by=released.ratee.employee.user,
                      indicator=indicator(elsewhere, 1, 1), kind=Kind.TRAINING,
                      starts_on=APRIL, ends_on=JUNE)
    assert _errors(exc) == {"indicator": ["พฤติกรรมนี้ไม่อยู่ในสมรรถนะของรอบการประเมินนี้"]}


def test_one_item_per_indicator_and_unknown_choices(released):
    _add(released)
    with pytest.raises(ValidationError) as exc:
        _add(released, kind=Kind.COACHING)
    assert _errors(exc) == {"indicator": ["พฤติกรรมนี้อยู่ในแผนพัฒนาแล้ว แก้ไขรายการเดิมแทน"]}
    with pytest.raises(ValidationError) as exc:
        _add(released, level=1, order=2, kind="party", status="forgotten")
    assert set(_errors(exc)) == {"kind", "status"}


def test_only_a_released_round_takes_a_plan():
    r = rated_round(state=Round.State.CLOSED)
    with pytest.raises(ValidationError) as exc:
        _add(r)
    assert exc.value.messages == ["จัดทำแผนพัฒนารายบุคคลได้เมื่อประกาศผลการประเมินแล้ว"]


def test_agreement_freezes_the_plan_into_the_report(released):
    r = released
    _add(r, level=3, order=2, kind=Kind.COACHING, detail="", status=Status.IN_PROGRESS,
         starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 9, 30))
    _add(r)  # 2.1, added second, printed first (by level and order)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert snap.plan_data is None and snap.plan_hash == ""
    agreed = plan_agree(participant=r.ratee, by=r.team.boss.user)
    plan = DevelopmentPlan.objects.get(participant=r.ratee)
    assert plan.is_agreed and plan.agreements == 1 and plan.agreed_by == r.team.boss.user
    expected = {
        "agreed_on": timezone.localdate(plan.agreed_at).isoformat(),
        "agreement": 1,
        "items": [
            {"competency": "102", "competency_name": "การบริการที่ดี", "indicator": "2.1",
             "text": TEXT_21, "kind": "training", "kind_label": "การฝึกอบรม",
             "detail": "หลักสูตรการบริการที่เป็นเลิศ", "starts_on": "2026-04-01",
             "ends_on": "2026-06-30", "status": "planned", "status_label": "ยังไม่เริ่ม"},
            {"competency": "102", "competency_name": "การบริการที่ดี", "indicator": "3.2",
             "text": TEXT_32, "kind": "coaching",
             "kind_label": "การสอนงานและให้คำปรึกษาแนะนำ (Coaching)", "detail": "",
             "starts_on": "2026-05-01", "ends_on": "2026-09-30", "status": "in_progress",
             "status_label": "อยู่ระหว่างดำเนินการ"},
        ],
    }
    snap.refresh_from_db()
    assert snap.plan_data == expected
    canonical = json.dumps(expected, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert snap.plan_hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert agreed.plan_hash == snap.plan_hash
    # The figures are the same issue: the acknowledgement (by data hash) still holds.
    assert snap.issue == 1
    # Its PDF is due again, with the plan.
    assert snap.status == ReportSnapshot.Status.QUEUED
    assert snap.pk in snapshots_to_render(rnd=r.rnd)


def test_a_change_withdraws_the_agreement_and_the_report_keeps_the_agreed_version(released):
    r = released
    item = _add(r)
    plan_agree(participant=r.ratee, by=r.team.boss.user)
    printed = ReportSnapshot.objects.get(participant=r.ratee).plan_data
    # Saved unchanged: nothing changes, the agreement stands.
    plan_item_update(item=item, by=r.ratee.employee.user, indicator=item.indicator,
                     kind=item.kind, detail=item.detail, starts_on=item.starts_on,
                     ends_on=item.ends_on, status=item.status)
    assert DevelopmentPlan.objects.get(participant=r.ratee).is_agreed
    # The person reports progress: the supervisor must agree again.
    plan_item_update(item=item, by=r.ratee.employee.user, indicator=item.indicator,
                     kind=item.kind, detail=item.detail, starts_on=item.starts_on,
                     ends_on=item.ends_on, status=Status.DONE)
    plan = DevelopmentPlan.objects.get(participant=r.ratee)
    assert not plan.is_agreed and plan.reopened and plan.agreements == 1
    assert ReportSnapshot.objects.get(participant=r.ratee).plan_data == printed
    plan_agree(participant=r.ratee, by=r.team.boss.user)
    again = ReportSnapshot.objects.get(participant=r.ratee).plan_data
    assert again["agreement"] == 2 and again["items"][0]["status"] == "done"
    # Removing an item withdraws it as well; agreeing to nothing is refused.
    plan_item_remove(item=item, by=r.team.boss.user)
    assert not DevelopmentPlan.objects.get(participant=r.ratee).is_agreed
    with pytest.raises(ValidationError) as exc:
        plan_agree(participant=r.ratee, by=r.team.boss.user)
    assert exc.value.messages == [
        "ยังไม่มีรายการในแผนพัฒนา เพิ่มอย่างน้อยหนึ่งรายการก่อนเห็นชอบ"]
    plan_item_remove(item=item, by=r.team.boss.user)  # a second click: nothing to do


def test_every_change_is_in_the_history_with_its_author(released):
    r = released
    item = _add(r)
    plan_agree(participant=r.ratee, by=r.team.boss.user)
    plan_item_update(item=item, by=r.team.boss.user, indicator=item.indicator,
                     kind=Kind.SELF_STUDY, detail="", starts_on=APRIL, ends_on=JUNE,
                     status=Status.PLANNED)
    items = DevelopmentPlanItem.history.order_by("history_date")
    assert [(h.history_type, h.kind, h.history_user) for h in items] == [
        ("+", "training", r.ratee.employee.user), ("~", "self_study", r.team.boss.user)]
    plans = DevelopmentPlan.history.order_by("history_date")
    assert [(h.agreed_at is not None, h.history_user) for h in plans if h.history_type == "~"] == [
        (True, r.team.boss.user), (False, r.team.boss.user)]


def test_pdpa_erasure_reaches_the_plans_free_text_and_the_agreed_copy(
        released, django_capture_on_commit_callbacks):
    from assessments.models import Employee
    from assessments.services.personal_data import employee_anonymise
    from tests.assessments.test_erasure import text_hits

    r = released
    coach = r.team.staff[3]
    Employee.objects.filter(pk=coach.pk).update(first_name="ผู้สอนงานลบได้", last_name="สกุลลบได้")
    coach.refresh_from_db()
    needle = f"{coach.first_name} {coach.last_name}"
    item = _add(r, kind=Kind.COACHING, detail=f"สอนงานโดยคุณ{needle} ทุกสัปดาห์")
    plan_agree(participant=r.ratee, by=r.team.boss.user)
    plan_item_update(item=item, by=r.ratee.employee.user, indicator=item.indicator,
                     kind=item.kind, detail=item.detail, starts_on=APRIL, ends_on=JUNE,
                     status=Status.IN_PROGRESS)
    assert {hit[0] for hit in text_hits([needle])} >= {
        "reports_developmentplanitem", "reports_historicaldevelopmentplanitem",
        "reports_reportsnapshot"}
    Employee.objects.filter(pk=coach.pk).update(is_active=False)
    later = timezone.localdate() + dt.timedelta(days=365 * 11)
    with django_capture_on_commit_callbacks(execute=True):
        employee_anonymise(employee=Employee.objects.get(pk=coach.pk), by=r.team.hr, today=later)
    assert text_hits([needle]) == []
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    detail = snap.plan_data["items"][0]["detail"]
    assert detail.startswith("สอนงานโดยคุณ") and needle not in detail
    canonical = json.dumps(snap.plan_data, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    assert snap.plan_hash == hashlib.sha256(canonical.encode()).hexdigest()


def _agreed_report(r, out_dir=None):
    """The report of ``r.ratee`` with two items agreed: its PDF bytes, twice rendered."""
    from reports.render import report_pdf

    _add(r)
    _add(r, level=3, order=2, kind=Kind.OTHER, detail="ศึกษาดูงานศูนย์บริการร่วม",
         status=Status.IN_PROGRESS, starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 9, 30))
    plan_agree(participant=r.ratee, by=r.team.boss.user)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    first, second = report_pdf(snapshot=snap), report_pdf(snapshot=snap)
    if out_dir is not None:
        (out_dir / "agreed.pdf").write_bytes(first)
    return snap, first, second


def test_pdf_prints_the_agreed_plan_with_buddhist_era_dates_byte_for_byte(released, tmp_path):
    from reports.services import report_render
    from tests.reports.pdftext import pdftotext, pypdf_text

    r = released
    before = ReportSnapshot.objects.get(participant=r.ratee)
    report_render(snapshot=before)
    plain_pdf = before.pdf.read()
    snap, first, second = _agreed_report(r, out_dir=tmp_path)
    assert first == second  # the same data and agreed plan: the same bytes
    assert first != plain_pdf
    text = " ".join(pdftotext(first).split())
    # Cells wrap, and pdftotext reads a table's wrapped cells line by line across
    # the row: the cells in their order, from the content stream, without the breaks.
    tight = "".join(pypdf_text(first).split())
    agreed_on = timezone.localdate(DevelopmentPlan.objects.get().agreed_at)
    from competency.thaidate import thai_date

    assert f"ผู้บังคับบัญชาเห็นชอบเมื่อ {thai_date(agreed_on)}" in text
    for words in ("การฝึกอบรม: หลักสูตรการบริการที่เป็นเลิศ", "1 เม.ย. 2569", "30 มิ.ย. 2569",
                  "1 พ.ค. 2569", "30 ก.ย. 2569", "อื่น ๆ: ศึกษาดูงานศูนย์บริการร่วม",
                  "ยังไม่เริ่ม", "อยู่ระหว่างดำเนินการ"):
        assert "".join(words.split()) in tight, words
    for words in ("1 เม.ย. 2569 –", "30 มิ.ย. 2569", "ยังไม่เริ่ม", "อยู่ระหว่าง"):
        assert words in text, words  # as a reader copies them
    # The stored PDF is the agreed one once rendered, named by both hashes.
    rendered = report_render(snapshot=snap)
    assert rendered.pdf_ready and rendered.pdf.name.endswith(f"-{snap.plan_hash[:8]}.pdf")
    assert rendered.pdf.read() == first


def test_the_page_shows_the_agreed_plan_not_the_draft(released):
    from reports.render import report_html

    r = released
    snap, _first, _second = _agreed_report(r)
    item = DevelopmentPlanItem.objects.get(indicator=indicator(r.team.competency, 2, 1))
    plan_item_update(item=item, by=r.ratee.employee.user, indicator=item.indicator,
                     kind=Kind.SELF_STUDY, detail="อ่านคู่มือการให้บริการ", starts_on=APRIL,
                     ends_on=JUNE, status=Status.PLANNED)
    snap.refresh_from_db()
    html = report_html(snapshot=snap)
    assert "หลักสูตรการบริการที่เป็นเลิศ" in html  # as agreed
    assert "อ่านคู่มือการให้บริการ" not in html  # the change awaits agreement
