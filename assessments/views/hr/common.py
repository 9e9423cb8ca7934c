"""Lookups shared by the HR operations views: the object or 404."""

from __future__ import annotations

from django.http import Http404

from ...models import Agency, ImportJob, Round
from ...permissions import can_manage_round, get_or_404, is_hr

IMPORT_KINDS = ("units", "employees")


def agency_or_404(request, code: str) -> Agency:
    return get_or_404(Agency.objects.all(), is_hr, request.user, code=code)


def import_kind_or_404(kind: str) -> str:
    if kind not in IMPORT_KINDS:
        raise Http404
    return kind


def import_job_or_404(request, pk: int) -> ImportJob:
    return get_or_404(
        ImportJob.objects.select_related("agency"),
        lambda user, job: is_hr(user, job.agency_id), request.user, pk=pk,
    )


def round_or_404(request, pk: int) -> Round:
    return get_or_404(Round.objects.select_related("agency"), can_manage_round, request.user,
                      pk=pk)
