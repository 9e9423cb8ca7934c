"""Reading report data for the pages."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from assessments.models import Participant, Round

from .models import ReportAccess, ReportAcknowledgement, ReportSnapshot

Status = ReportSnapshot.Status


def round_report_progress(*, rnd: Round) -> dict:
    """Counts per status for the progress bar (one grouped query plus a count)."""
    total = Participant.objects.filter(round=rnd).count()
    by_status = dict(
        ReportSnapshot.objects.filter(round=rnd).values_list("status")
        .annotate(n=Count("id")).order_by()
    )
    done = by_status.get(Status.DONE, 0)
    failed = by_status.get(Status.FAILED, 0)
    # Retrying ones are still to come, so they count as waiting too; the page
    # names them apart, so a stalled bar is explained.
    retrying = by_status.get(Status.RETRYING, 0)
    queued = total - done - failed
    return {
        "total": total, "done": done, "failed": failed, "queued": queued, "retrying": retrying,
        "percent": round(100 * done / total) if total else 0,
        "finished": total > 0 and queued == 0,
    }


def round_report_statuses(*, rnd: Round) -> dict[int, str]:
    """participant id -> report status, for the polling page."""
    return dict(
        ReportSnapshot.objects.filter(round=rnd).values_list("participant_id", "status")
    )


def round_report_rows(*, rnd: Round) -> QuerySet[Participant]:
    """Participants with their snapshot and whether they acknowledged its current version."""
    acknowledged = ReportAcknowledgement.objects.filter(
        snapshot__participant=OuterRef("pk"), data_hash=OuterRef("report_snapshot__data_hash")
    )
    return (
        Participant.objects.filter(round=rnd)
        .select_related("employee", "report_snapshot")
        .defer("report_snapshot__data")
        .annotate(acknowledged=Exists(acknowledged))
        .order_by("unit_name", "employee__employee_number")
    )


def round_unacknowledged_count(*, rnd: Round) -> int:
    acknowledged = ReportAcknowledgement.objects.filter(
        snapshot=OuterRef("pk"), data_hash=OuterRef("data_hash")
    )
    return ReportSnapshot.objects.filter(round=rnd).filter(~Q(Exists(acknowledged))).count()


def snapshot_acknowledgement(*, snapshot: ReportSnapshot) -> ReportAcknowledgement | None:
    return snapshot.acknowledgements.filter(data_hash=snapshot.data_hash).first()


def snapshot_earlier_acknowledgement(*, snapshot: ReportSnapshot) -> ReportAcknowledgement | None:
    """The latest acknowledgement of an issue this one replaced (it no longer holds)."""
    if snapshot.issue <= 1:
        return None
    return (snapshot.acknowledgements.filter(issue__lt=snapshot.issue)
            .exclude(data_hash=snapshot.data_hash).order_by("-issue", "-at").first())


def report_accesses(*, agency_id: int):
    """Who read or downloaded whose report in an agency's rounds, newest first."""
    return ReportAccess.objects.filter(round__agency_id=agency_id).select_related(
        "user", "round", "participant__employee"
    ).order_by("-at")
