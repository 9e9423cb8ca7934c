"""The audit trail HR can read for their agency.

django-simple-history records every change of rounds, forms (status only:
the model history holds no answers), employees and HR roles, with the user
who made it; reopenings keep their reason. This module turns those records
into one readable list per kind, paginated in the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Agency, Assignment, Employee, FormReopening, HrOfficer, Round

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
}


def audit_records(*, agency: Agency, kind: str) -> QuerySet:
    """History rows of one kind for one agency, newest first."""
    if kind == "rounds":
        return Round.history.filter(agency=agency).select_related("history_user")
    if kind == "forms":
        return Assignment.history.filter(round__agency=agency).select_related(
            "history_user", "rater", "participant__employee"
        )
    if kind == "reopenings":
        return FormReopening.objects.filter(assignment__round__agency=agency).select_related(
            "by", "assignment__rater", "assignment__participant__employee", "assignment__round"
        ).order_by("-at")
    if kind == "people":
        return Employee.history.filter(agency=agency).select_related(
            "history_user", "supervisor"
        )
    if kind == "roles":
        return HrOfficer.history.filter(agency=agency).select_related("history_user", "user")
    raise KeyError(kind)


def audit_changes(record, fields: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(field label, old, new)`` for the watched fields changed by one history row."""
    if not fields:
        return []
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous, included_fields=list(fields))
    model = record.instance_type
    out = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        out.append((str(field.verbose_name), _readable(field, change.old),
                    _readable(field, change.new)))
    return out


def _readable(field, value) -> str:
    """Choice labels and related objects' names rather than stored codes and ids."""
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        obj = field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    return str(value)
