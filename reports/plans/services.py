"""State changes of development plans: items added, changed and removed, the
supervisor's agreement.

Who may call them is decided by ``assessments.permissions`` in the views;
here the rules of the plan itself hold, whoever calls: the round is released,
the indicator is one of the round's, the period ends on or after its start,
one item per indicator, texts within their limits. Any change to an agreed
plan withdraws the agreement (docs/product-rules.md); the version agreed
stays printed in the report until the supervisor agrees again. Each change is
recorded by django-simple-history with the user who made it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Participant, Round
from competency.models import Indicator

from ..models import DevelopmentPlan, DevelopmentPlanItem, ReportSnapshot
from ..snapshot import canonical_json, json_hash
from .printing import plan_print_data

Item = DevelopmentPlanItem
MAX_ITEMS = 30
# A development period longer than this is a typing slip (the next appraisal
# round comes within half a year; two years covers a long course).
MAX_PERIOD_DAYS = 2 * 366


def _released(participant: Participant) -> None:
    # Read now, not from the participant's cached round: the state is the one that counts.
    state = Round.objects.filter(pk=participant.round_id).values_list("state", flat=True).first()
    if state != Round.State.RELEASED:
        raise ValidationError(_("จัดทำแผนพัฒนารายบุคคลได้เมื่อประกาศผลการประเมินแล้ว"))


def _field_errors(*, participant: Participant, indicator: Indicator, kind: str, detail: str,
                  starts_on: dt.date, ends_on: dt.date, status: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    in_round = Indicator.objects.filter(
        pk=indicator.pk,
        level__competency__in=participant.round.round_competencies.values("competency_id"),
    ).exists()
    if not in_round:
        errors["indicator"] = _("พฤติกรรมนี้ไม่อยู่ในสมรรถนะของรอบการประเมินนี้")
    if kind not in Item.Kind.values:
        errors["kind"] = _("โปรดเลือกวิธีการพัฒนา")
    if status not in Item.Status.values:
        errors["status"] = _("โปรดเลือกสถานะ")
    if len(detail) > Item.DETAIL_MAX:
        errors["detail"] = _("รายละเอียดยาวได้ไม่เกิน %(n)s ตัวอักษร (ที่กรอกมี %(m)s)") % {
            "n": Item.DETAIL_MAX, "m": len(detail)}
    elif "\x00" in detail:
        errors["detail"] = _("รายละเอียดมีอักขระที่ใช้ไม่ได้")
    elif kind == Item.Kind.OTHER and not detail.strip():
        errors["detail"] = _("โปรดระบุวิธีการพัฒนาเมื่อเลือก “อื่น ๆ”")
    if ends_on < starts_on:
        errors["ends_on"] = _("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น")
    elif (ends_on - starts_on).days > MAX_PERIOD_DAYS:
        errors["ends_on"] = _("ระยะเวลาการพัฒนายาวได้ไม่เกิน 2 ปี")
    return errors


def _validated(*, participant: Participant, **fields) -> dict:
    fields["detail"] = (fields.get("detail") or "").strip()
    errors = _field_errors(participant=participant, **fields)
    if errors:
        raise ValidationError(errors)
    return fields


def _locked_plan(participant: Participant) -> DevelopmentPlan:
    """The participant's plan, created if need be, locked for this transaction
    (two people editing at once must not both keep an agreement one of them withdrew)."""
    DevelopmentPlan.objects.get_or_create(participant=participant)
    return DevelopmentPlan.objects.select_for_update().get(participant=participant)


def _withdraw_agreement(plan: DevelopmentPlan, by) -> None:
    if plan.agreed_at is None:
        return
    plan.agreed_at, plan.agreed_by = None, None
    plan._history_user = by
    plan.save(update_fields=["agreed_at", "agreed_by", "updated_at"])


def _duplicate(plan: DevelopmentPlan, indicator: Indicator, *, exclude: int | None = None):
    others = plan.items.filter(indicator=indicator)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"indicator": _("พฤติกรรมนี้อยู่ในแผนพัฒนาแล้ว แก้ไขรายการเดิมแทน")})


@transaction.atomic
def plan_item_add(*, participant: Participant, by, indicator: Indicator, kind: str,
                  detail: str = "", starts_on: dt.date, ends_on: dt.date,
                  status: str = Item.Status.PLANNED) -> DevelopmentPlanItem:
    """Add one indicator to the participant's plan (the plan is created with
    its first item). Withdraws an agreement the plan had."""
    _released(participant)
    fields = _validated(participant=participant, indicator=indicator, kind=kind, detail=detail,
                        starts_on=starts_on, ends_on=ends_on, status=status)
    plan = _locked_plan(participant)
    _duplicate(plan, indicator)
    if plan.items.count() >= MAX_ITEMS:
        raise ValidationError(_("แผนพัฒนามีได้ไม่เกิน %(n)s รายการ") % {"n": MAX_ITEMS})
    item = Item(plan=plan, **fields)
    item._history_user = by
    item.save()
    _withdraw_agreement(plan, by)
    return item


@transaction.atomic
def plan_item_update(*, item: DevelopmentPlanItem, by, indicator: Indicator, kind: str,
                     detail: str = "", starts_on: dt.date, ends_on: dt.date,
                     status: str) -> DevelopmentPlanItem:
    """Change one item. Saving it unchanged changes nothing (the agreement stays)."""
    participant = item.plan.participant
    _released(participant)
    fields = _validated(participant=participant, indicator=indicator, kind=kind, detail=detail,
                        starts_on=starts_on, ends_on=ends_on, status=status)
    plan = _locked_plan(participant)
    item = Item.objects.select_for_update().get(pk=item.pk, plan=plan)
    _duplicate(plan, indicator, exclude=item.pk)
    changed = [name for name, value in fields.items()
               if getattr(item, "indicator_id" if name == "indicator" else name)
               != (value.pk if name == "indicator" else value)]
    if not changed:
        return item
    for name, value in fields.items():
        setattr(item, name, value)
    item._history_user = by
    item.save()
    _withdraw_agreement(plan, by)
    return item


@transaction.atomic
def plan_item_remove(*, item: DevelopmentPlanItem, by) -> None:
    """Take one item out of the plan. Withdraws an agreement the plan had."""
    participant = item.plan.participant
    _released(participant)
    plan = _locked_plan(participant)
    item = Item.objects.filter(pk=item.pk, plan=plan).first()
    if item is None:
        return  # removed already (a second click)
    item._history_user = by
    item.delete()
    _withdraw_agreement(plan, by)


@transaction.atomic
def plan_agree(*, participant: Participant, by) -> ReportSnapshot:
    """The supervisor agrees to the plan as it stands.

    The plan is frozen into the participant's report (``plan_data`` and its
    hash); the report's PDF is queued to be rendered again with it, the
    caller enqueues the render (``reports.enqueue.report_render_request``).
    Agreeing to a plan already agreed changes nothing. Returns the snapshot.
    """
    _released(participant)
    plan = _locked_plan(participant)
    snapshot = ReportSnapshot.objects.select_for_update(of=("self",)).filter(
        participant=participant).first()
    if snapshot is None:
        raise ValidationError(_("ยังไม่มีรายงานผลการประเมินของผู้รับการประเมินนี้"))
    if plan.agreed_at is not None:
        return snapshot
    items = list(plan.items.all())
    if not items:
        raise ValidationError(_("ยังไม่มีรายการในแผนพัฒนา เพิ่มอย่างน้อยหนึ่งรายการก่อนเห็นชอบ"))
    now = timezone.now()
    plan.agreed_at = plan.last_agreed_at = now
    plan.agreed_by = by
    plan.agreements += 1
    plan._history_user = by
    plan.save(update_fields=["agreed_at", "last_agreed_at", "agreed_by", "agreements",
                             "updated_at"])
    printed = plan_print_data(plan=plan, items=items, data=snapshot.data)
    stored = canonical_json(printed)
    digest = json_hash(stored)
    if digest != snapshot.plan_hash:
        # The hashed text is what is stored, as for ``data``.
        snapshot.plan_data, snapshot.plan_hash = stored, digest
        snapshot.status, snapshot.failure_reason = ReportSnapshot.Status.QUEUED, ""
        snapshot.save(update_fields=["plan_data", "plan_hash", "status", "failure_reason",
                                     "updated_at"])
        snapshot.plan_data = printed
    return snapshot
