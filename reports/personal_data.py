"""PDPA: the reports' copies of a person's data, scrubbed when HR removes it.

Called through ``assessments.signals.employee_anonymised``, inside the
transaction that anonymises the employee, so both succeed or neither does.
"""

from __future__ import annotations

from django.db.models import Q

from assessments.models import Employee

from .models import ReportAcknowledgement, ReportSnapshot
from .snapshot import data_hash


def snapshots_anonymise_person(*, employee: Employee, placeholder: str, number: str) -> int:
    """Replace the person's name in the frozen report data (their own reports
    and, as assessor, their staff's); figures stay, the PDFs are rendered
    again. Returns how many snapshots changed."""
    snaps = ReportSnapshot.objects.filter(
        Q(participant__employee=employee) | Q(participant__supervisor=employee)
    ).select_related("participant")
    changed = 0
    for snap in snaps:
        data = snap.data
        if snap.participant.employee_id == employee.pk:
            data["person"]["name"] = placeholder
            data["person"]["employee_number"] = number
        if snap.participant.supervisor_id == employee.pk and data.get("assessor"):
            data["assessor"]["name"] = placeholder
        old_hash, new_hash = snap.data_hash, data_hash(data)
        # The acknowledgement was of the same figures: it carries over.
        ReportAcknowledgement.objects.filter(snapshot=snap, data_hash=old_hash).update(
            data_hash=new_hash
        )
        if snap.pdf:
            snap.pdf.delete(save=False)
        snap.data, snap.data_hash, snap.pdf_hash = data, new_hash, ""
        snap.status = ReportSnapshot.Status.QUEUED
        snap.save(update_fields=["data", "data_hash", "pdf", "pdf_hash", "status",
                                 "updated_at"])
        changed += 1
    return changed
