"""Upload, dry-run preview and apply of the organisation import."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ...imports import import_job_create, import_template
from ...imports.columns import COLUMNS
from ...imports.enqueue import import_job_enqueue
from ...imports.recovery import import_job_discard, import_job_retry
from ...models import ImportJob
from .common import agency_or_404, import_job_or_404, import_kind_or_404

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ CSV หรือ XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-control"}),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request, agency: str, kind: str):
    agency_obj = agency_or_404(request, agency)
    kind = import_kind_or_404(kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(agency=agency_obj, kind=kind, upload=form.cleaned_data["file"],
                                    by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            import_job_enqueue(job=job, action="check")
            return redirect("hr:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(agency=agency_obj, kind=kind).select_related("created_by")[:10]
    from django.conf import settings

    return render(request, "hr/import_upload.html", {
        "agency": agency_obj, "kind": kind, "kind_label": ImportJob.Kind(kind).label,
        "form": form, "jobs": jobs, "columns": COLUMNS[kind],
        "max_size": filesizeformat(settings.IMPORT_MAX_BYTES),
    })


@login_required
@require_safe
def import_template_download(request, agency: str, kind: str, fmt: str):
    agency_or_404(request, agency)
    kind = import_kind_or_404(kind)
    if fmt not in CONTENT_TYPES:
        from django.http import Http404

        raise Http404
    response = HttpResponse(import_template(kind=kind, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="template-{kind}.{fmt}"'
    return response


@login_required
@require_safe
def import_job(request, pk: int):
    job = import_job_or_404(request, pk)
    report = job.report or {}
    return render(request, "hr/import_job.html", {
        "job": job, "agency": job.agency, "report": report,
        "counts": report.get("counts", {}), "applied": report.get("applied"),
        "errors_hidden": report.get("counts", {}).get("errors", 0) - len(report.get("errors", [])),
    })


@login_required
@require_safe
def import_job_status(request, pk: int):
    """What the polling page reads (static/js/hr-import.js)."""
    job = import_job_or_404(request, pk)
    return JsonResponse({"status": job.status, "progress": job.progress,
                         "running": job.is_running})


@login_required
@require_POST
def import_job_apply(request, pk: int):
    job = import_job_or_404(request, pk)
    if job.status != ImportJob.Status.CHECKED:
        messages.error(request, _("นำเข้าได้เฉพาะไฟล์ที่ตรวจสอบแล้วและไม่มีข้อผิดพลาด"))
        return redirect("hr:import_job", pk=job.pk)
    import_job_enqueue(job=job, action="apply")
    job.refresh_from_db()
    if job.status == ImportJob.Status.APPLIED:
        messages.success(request, _("นำเข้าข้อมูลเรียบร้อยแล้ว"))
    return redirect("hr:import_job", pk=job.pk)


@login_required
@require_POST
def import_job_retry_view(request, pk: int):
    """A failed job: the dry run again, from the stored file."""
    job = import_job_or_404(request, pk)
    try:
        job = import_job_retry(job=job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        import_job_enqueue(job=job, action="check")
    return redirect("hr:import_job", pk=job.pk)


@login_required
@require_POST
def import_job_discard_view(request, pk: int):
    """Give up on a job that was not applied: its file and preview are deleted."""
    job = import_job_or_404(request, pk)
    try:
        import_job_discard(job=job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("hr:import_job", pk=job.pk)
    messages.success(request, _("ยกเลิกงานนำเข้าและลบไฟล์ที่อัปโหลดแล้ว"))
    return redirect("hr:import_upload", agency=job.agency.code, kind=job.kind)
