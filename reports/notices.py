"""Reissued reports: who is told, and the telling.

A re-release that changes a released report makes a new issue of it (see
``services.round_snapshots_update``). When the new issue changes a shown
level or gap points, the person is told, and so is their supervisor when the
person had acknowledged the earlier issue (the acknowledgement no longer
holds). The notice says only that the report was reissued: never why, nor
which figures moved, so it gives differencing nothing a look at the two
issues would not.

Notices are rows first (written in the snapshot transaction), e-mails
second (``report_notices_send``, from a task after commit): a crash between
the two loses nothing, and a second run sends nothing twice.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.mail import bilingual_message, portal_url
from assessments.models import Participant, Round

from .models import ReportAcknowledgement, ReportNotice, ReportSnapshot

log = logging.getLogger(__name__)
Role = ReportNotice.Role


def result_figures(data: dict) -> dict[str, tuple]:
    """What a notice is about: each competency's shown level and gap points."""
    return {c["code"]: (c.get("shown_level"), c.get("gap_points"))
            for c in data.get("competencies", [])}


def snapshot_notices_record(
    *, reissued: list[ReportSnapshot], old_data: dict[int, dict], old_hashes: dict[int, str]
) -> int:
    """Record the notices due for newly issued snapshots whose result changed.

    ``old_data`` / ``old_hashes``: snapshot id -> the data and hash of the issue
    it replaces. Returns how many notices were recorded.
    """
    changed = [s for s in reissued
               if result_figures(old_data.get(s.pk, {})) != result_figures(s.data)]
    if not changed:
        return 0
    supervisors = dict(Participant.objects.filter(
        pk__in=[s.participant_id for s in changed]).values_list("pk", "supervisor_id"))
    employees = dict(Participant.objects.filter(
        pk__in=[s.participant_id for s in changed]).values_list("pk", "employee_id"))
    acknowledged = set(ReportAcknowledgement.objects.filter(
        snapshot__in=changed).values_list("snapshot_id", "data_hash"))
    notices = []
    for snap in changed:
        notices.append(ReportNotice(snapshot=snap, issue=snap.issue, role=Role.PERSON,
                                    employee_id=employees[snap.participant_id]))
        supervisor = supervisors.get(snap.participant_id)
        if supervisor and (snap.pk, old_hashes[snap.pk]) in acknowledged:
            notices.append(ReportNotice(snapshot=snap, issue=snap.issue,
                                        role=Role.SUPERVISOR, employee_id=supervisor))
    ReportNotice.objects.bulk_create(notices, ignore_conflicts=True)
    return len(notices)


def round_notices_pending(*, rnd: Round) -> bool:
    return ReportNotice.objects.filter(snapshot__round=rnd, sent_at__isnull=True).exists()


def report_notices_send(*, rnd: Round) -> int:
    """E-mail every notice of the round not sent yet; returns how many went out.

    Each notice is claimed (``sent_at`` set) in the transaction that sends it:
    a second worker finds it claimed, and a failed send rolls the claim back.
    """
    sent = 0
    pending = (ReportNotice.objects.filter(snapshot__round=rnd, sent_at__isnull=True)
               .select_related("employee", "snapshot__participant__employee",
                               "snapshot__round").defer("snapshot__data"))
    for notice in pending:
        email = notice.employee.email
        with transaction.atomic():
            claimed = ReportNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).update(
                sent_at=timezone.now(), no_email=not email)
            if not claimed or not email:
                continue
            _message(notice).send()
        sent += 1
    log.info("round %s reissue notices: sent %s", rnd.pk, sent)
    return sent


def _message(notice: ReportNotice):
    snap = notice.snapshot
    participant = snap.participant
    context = {
        "employee": notice.employee,
        "ratee": participant.employee,
        "round": snap.round,
        "issue": snap.issue,
        "issued_at": snap.issued_at,
        "for_supervisor": notice.role == Role.SUPERVISOR,
        "url": portal_url(reverse("reports:participant_report",
                                  kwargs={"participant_pk": participant.pk})),
    }
    return bilingual_message(template="reissued", context=context, to=notice.employee.email)
