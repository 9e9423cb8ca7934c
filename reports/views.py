"""Report pages: the person's report (page, PDF, acknowledgement) and HR's round reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments import permissions
from assessments.models import Participant, Round
from assessments.views.common import hr_agency_from_query
from assessments.views.hr.common import round_or_404

from . import selectors, services
from .downloads import file_download, zip_download
from .enqueue import round_reports_request, round_reports_resume
from .models import ReportAccess
from .render import report_context, summary_sheet_pdf

PARTICIPANTS = Participant.objects.select_related("round__agency", "employee")


def _participant(request, pk: int, predicate) -> Participant:
    return permissions.get_or_404(PARTICIPANTS, predicate, request.user, pk=pk)


def _snapshot_or_404(participant: Participant):
    snapshot = services.participant_snapshot(participant=participant)
    if snapshot is None:
        raise Http404
    return snapshot


@login_required
@require_GET
def participant_report(request, participant_pk: int):
    """The person's level report, from the snapshot current at the last release."""
    participant = _participant(request, participant_pk, permissions.can_view_report)
    snapshot = _snapshot_or_404(participant)
    services.report_access_log(user=request.user, rnd=participant.round,
                               kind=ReportAccess.Kind.PAGE, snapshot=snapshot)
    context = report_context(snapshot=snapshot)
    context.update(
        participant=participant,
        can_acknowledge=permissions.can_acknowledge_report(request.user, participant),
        acknowledgement=selectors.snapshot_acknowledgement(snapshot=snapshot),
        earlier_acknowledgement=selectors.snapshot_earlier_acknowledgement(snapshot=snapshot),
        is_hr=permissions.is_hr(request.user, participant.round.agency_id),
        can_edit_plan=permissions.can_edit_plan(request.user, participant),
    )
    return render(request, "reports/report_page.html", context)


@login_required
@require_GET
def participant_report_pdf(request, participant_pk: int):
    participant = _participant(request, participant_pk, permissions.can_download_report)
    snapshot = _snapshot_or_404(participant)
    snapshot = services.report_pdf_ready(snapshot=snapshot)
    services.report_access_log(user=request.user, rnd=participant.round,
                               kind=ReportAccess.Kind.PDF, snapshot=snapshot)
    return file_download(file=snapshot.pdf, content_type="application/pdf",
                         filename=services.report_filename(snapshot=snapshot))


@login_required
@require_GET
def participant_summary_pdf(request, participant_pk: int):
    """The OCSC summary sheet of one person (competency part of the appraisal)."""
    participant = _participant(request, participant_pk, permissions.can_download_report)
    snapshot = _snapshot_or_404(participant)
    content = summary_sheet_pdf(snapshot=snapshot)
    services.report_access_log(user=request.user, rnd=participant.round,
                               kind=ReportAccess.Kind.PDF, snapshot=snapshot)
    response = HttpResponse(content, content_type="application/pdf")
    filename = services.report_filename(snapshot=snapshot).replace("report-", "summary-", 1)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def participant_report_acknowledge(request, participant_pk: int):
    participant = _participant(request, participant_pk, permissions.can_acknowledge_report)
    snapshot = _snapshot_or_404(participant)
    try:
        services.report_acknowledge(snapshot=snapshot, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("บันทึกการรับทราบผลการประเมินแล้ว"))
    return redirect("reports:participant_report", participant_pk=participant.pk)


@login_required
@require_GET
def round_reports(request, round_pk: int):
    """The round's reports as far as its state has them: none before it closes;
    then building them; acknowledgements only once people can see them."""
    rnd = round_or_404(request, round_pk)
    reportable = rnd.state in Round.FINISHED_STATES
    released = rnd.state == Round.State.RELEASED
    progress = selectors.round_report_progress(rnd=rnd) if reportable else None
    if progress:
        round_reports_resume(progress=progress)
    return render(request, "reports/round_reports.html", {
        "rnd": rnd,
        "reportable": reportable,
        "released": released,
        "rows": selectors.round_report_rows(rnd=rnd) if reportable else [],
        "progress": progress,
        "unacknowledged": selectors.round_unacknowledged_count(rnd=rnd) if released else None,
    })


@login_required
@require_GET
def round_reports_status(request, round_pk: int):
    rnd = round_or_404(request, round_pk)
    progress = selectors.round_report_progress(rnd=rnd)
    if rnd.state in Round.FINISHED_STATES:
        round_reports_resume(progress=progress)
    return JsonResponse({
        **progress,
        "statuses": selectors.round_report_statuses(rnd=rnd),
    })


@login_required
@require_POST
def round_reports_generate(request, round_pk: int):
    rnd = round_or_404(request, round_pk)
    try:
        round_reports_request(rnd=rnd, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("ส่งคำขอสร้างรายงานแล้ว สถานะจะปรับทุกไม่กี่วินาที"))
    return redirect("reports:round_reports", round_pk=rnd.pk)


@login_required
@require_GET
def round_reports_zip(request, round_pk: int):
    rnd = round_or_404(request, round_pk)
    entries = services.round_reports_zip_entries(rnd=rnd)
    if not entries:
        messages.warning(request, _("ยังไม่มีไฟล์รายงานที่สร้างเสร็จ"))
        return redirect("reports:round_reports", round_pk=rnd.pk)
    services.report_access_log(user=request.user, rnd=rnd, kind=ReportAccess.Kind.ZIP)
    return zip_download(entries=entries, filename=f"reports-{rnd.slug}.zip")


@login_required
@require_GET
def access_log(request):
    """HR's audit of report reading: who opened or downloaded whose report, when."""
    agency, agencies = hr_agency_from_query(request)
    if agency is None:
        raise Http404
    page = Paginator(selectors.report_accesses(agency_id=agency.pk), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "reports/access_log.html", {
        "agency": agency, "agencies": agencies, "page": page,
    })
