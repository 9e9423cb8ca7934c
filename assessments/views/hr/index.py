"""The HR operations start page: imports and rounds of the agencies one serves."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ...models import Agency, ImportJob, Round
from ...permissions import hr_agency_ids


@login_required
@require_safe
def index(request):
    ids = hr_agency_ids(request.user)
    if not ids:
        raise Http404
    agencies = list(Agency.objects.filter(pk__in=ids).order_by("name_th"))
    rounds = Round.objects.filter(agency_id__in=ids).select_related("agency")[:20]
    jobs = ImportJob.objects.filter(agency_id__in=ids).select_related("agency")[:10]
    return render(request, "hr/index.html",
                  {"agencies": agencies, "rounds": rounds, "jobs": jobs})
