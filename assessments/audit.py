"""The audit trail HR can read for their agency.

django-simple-history records every change of rounds, forms (status only:
the model history holds no answers), employees and HR roles, with the user
who made it; reopenings keep their reason. This module turns those records
into one readable list per kind, paginated in the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_manager_for_model

from competency.thaidate import shown_date

from .models import (
    AccountEvent,
    Agency,
    Assignment,
    AssignmentReopening,
    Employee,
    HrOfficer,
    Round,
)

HISTORY_TYPES = {"+": _("สร้าง"), "~": _("แก้ไข"), "-": _("ลบ")}


@dataclass(frozen=True)
class AuditKind:
    label: str
    fields: tuple[str, ...]  # the fields whose changes are worth showing


KINDS: dict[str, AuditKind] = {
    "rounds": AuditKind(_("รอบการประเมิน"), ("state", "deadline", "name_th", "pass_mark",
                                            "min_group_size")),
    "forms": AuditKind(_("แบบประเมิน"), ("status", "rater", "group", "allow_late",
                                       "decision_reason")),
    "reopenings": AuditKind(_("การเปิดแบบประเมินให้แก้ไข"), ()),
    "people": AuditKind(_("ข้าราชการและผู้บังคับบัญชา"), ("supervisor", "unit", "position_name",
                                                      "position_level", "is_active",
                                                      "expected_level_override")),
    "roles": AuditKind(_("สิทธิ์เจ้าหน้าที่ HR"), ()),
    "accounts": AuditKind(_("บัญชีผู้ใช้งาน"), ()),
}
# Kinds that are their own rows rather than django-simple-history records.
EVENT_KINDS = ("reopenings", "accounts")


def audit_records(*, agency: Agency, kind: str) -> QuerySet:
    """History rows of one kind for one agency, newest first."""
    if kind == "rounds":
        return Round.history.filter(agency=agency).select_related("history_user")
    if kind == "forms":
        return Assignment.history.filter(round__agency=agency).select_related(
            "history_user", "rater", "participant__employee"
        )
    if kind == "reopenings":
        return AssignmentReopening.objects.filter(assignment__round__agency=agency).select_related(
            "by", "assignment__rater", "assignment__participant__employee", "assignment__round"
        ).order_by("-at")
    if kind == "people":
        return Employee.history.filter(agency=agency).select_related(
            "history_user", "supervisor"
        )
    if kind == "roles":
        return HrOfficer.history.filter(agency=agency).select_related(
            "history_user", "user", "agency"
        )
    if kind == "accounts":
        return AccountEvent.objects.filter(agency=agency).select_related("by", "employee")
    raise KeyError(kind)


def audit_rows(records, *, kind: str) -> list[dict]:
    """One page of ``audit_records`` ready to show: each record, the object it
    describes and ``(field label, old, new)`` for the watched fields it changed.

    A constant number of queries whatever the rows: the previous history row of
    every record in one query, the names of the changed foreign keys in one
    ``in_bulk`` per related model (rather than ``prev_record`` and a lookup per row).
    """
    records = list(records)
    if kind in EVENT_KINDS:
        return [{"record": r} for r in records]
    fields = KINDS[kind].fields
    previous = _previous_records(records) if fields else {}
    deltas = [
        r.diff_against(previous[r.history_id], included_fields=list(fields)).changes
        if previous.get(r.history_id) else []
        for r in records
    ]
    names = _related_names(records, deltas)
    return [
        {"record": r, "instance": _label(_history_instance(r)),
         "changes": [_change(r.instance_type, change, names) for change in delta]}
        for r, delta in zip(records, deltas, strict=True)
    ]


def _previous_records(records: list) -> dict:
    """``{history_id: the history row before it (or None)}``, as ``prev_record``
    finds it: the latest row of the same object with an earlier ``history_date``."""
    if not records:
        return {}
    pk = records[0].instance_type._meta.pk.attname
    history = get_history_manager_for_model(records[0].instance_type)
    earlier = history.filter(
        **{pk: OuterRef(pk)}, history_date__lt=OuterRef("history_date")
    ).order_by("-history_date", "-history_id").values("history_id")[:1]
    previous_ids = history.filter(
        history_id__in=[r.history_id for r in records]
    ).annotate(previous=Subquery(earlier)).values("previous")
    by_object = defaultdict(list)
    for row in history.filter(history_id__in=previous_ids):
        by_object[getattr(row, pk)].append(row)
    # The rows fetched for one object are the previous rows of the page's records
    # of that object, so the latest one before a record is its previous row.
    return {
        r.history_id: max(
            (row for row in by_object[getattr(r, pk)] if row.history_date < r.history_date),
            key=lambda row: (row.history_date, row.history_id), default=None,
        )
        for r in records
    }


def _related_names(records: list, deltas: list) -> dict:
    """``{related model: {pk: object}}`` for the foreign keys the page's changes name."""
    wanted = defaultdict(set)
    for record, delta in zip(records, deltas, strict=True):
        for change in delta:
            field = record.instance_type._meta.get_field(change.field)
            if field.is_relation:
                wanted[field.related_model] |= {
                    v for v in (change.old, change.new) if v not in (None, "")
                }
    return {model: model._default_manager.in_bulk(pks) for model, pks in wanted.items()}


def _change(model, change, names: dict) -> tuple[str, str, str]:
    field = model._meta.get_field(change.field)
    return (str(field.verbose_name), _readable(field, change.old, names),
            _readable(field, change.new, names))


def _readable(field, value, names: dict) -> str:
    """Choice labels, related objects' names and dates as the page's language writes
    them (Buddhist era on a Thai page) rather than stored codes, ids and ISO dates."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return shown_date(value, short=True)
    if isinstance(value, bool):
        return str(_("ใช่") if value else _("ไม่ใช่"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        obj = names.get(field.related_model, {}).get(value)
        return str(obj) if obj else f"#{value}"
    return str(value)


def _label(instance) -> str:
    """The object's name, or its id when a row its name needs is gone."""
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"#{instance.pk}"


def _history_instance(record):
    """The object as this history row recorded it, its foreign keys taken from the
    row's ``select_related`` (``record.instance`` reads the fields the history
    leaves out, one query a row, and its relations lazily)."""
    instance = record.history_object
    history_fields = {f.name: f for f in record._meta.concrete_fields}
    for field in instance._meta.concrete_fields:
        history_field = history_fields.get(field.name)
        if field.is_relation and history_field and history_field.is_cached(record):
            related = history_field.get_cached_value(record)
            if related is not None:
                field.set_cached_value(instance, related)
    return instance
