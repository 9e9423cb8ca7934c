"""Reading report data for the pages."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from assessments.models import Employee, Participant, Round
from assessments.selectors.team import team_still_supervised

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


def team_summary(*, supervisor: Employee, rnd: Round) -> dict | None:
    """Per competency, how many of a supervisor's team reached their expected
    level and how far short the team falls on average, from the released
    reports of the people the supervisor may read (``permissions.can_see_result``:
    their frozen supervisor who still supervises them today).

    Only figures every one of those reports shows (shown and expected level)
    go in, so the summary tells the supervisor nothing they could not add up
    from the reports themselves: a group withheld from a report (below the
    round's minimum, or held back against reopen differencing) is in none of
    them. None before release. Two queries.

    ``{"people", "competencies": [{"code", "name", "with_result", "met",
    "met_percent", "no_data", "no_expected", "average_gap"}]}``; ``average_gap``
    is in levels, a level reached or exceeded counting 0.
    """
    if rnd.state != Round.State.RELEASED:
        return None
    snapshots = list(
        ReportSnapshot.objects.filter(round=rnd, participant__supervisor=supervisor)
        .select_related("participant__employee").defer("plan_data", "form_baseline")
        .order_by("participant_id")
    )
    readable = team_still_supervised(supervisor=supervisor, rnd=rnd,
                                     participants=[s.participant for s in snapshots])
    people, rows = 0, {}
    for snap in snapshots:
        if snap.participant_id not in readable:
            continue
        people += 1
        for comp in snap.data.get("competencies", []):
            row = rows.setdefault(comp["code"], {
                "code": comp["code"], "name": comp["name"], "with_result": 0, "met": 0,
                "no_data": 0, "no_expected": 0, "short": 0,
            })
            shown, expected = comp.get("shown_level"), comp.get("expected_level")
            if shown is None:
                row["no_data"] += 1
            elif expected is None:
                row["no_expected"] += 1
            else:
                row["with_result"] += 1
                row["met"] += shown >= expected
                row["short"] += max(0, expected - shown)
    if not people:
        return None
    for row in rows.values():
        n = row["with_result"]
        row["met_percent"] = round(100 * row["met"] / n) if n else None
        row["average_gap"] = round(row.pop("short") / n, 1) if n else None
    return {"people": people, "competencies": list(rows.values())}
