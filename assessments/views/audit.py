from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..audit import HISTORY_TYPES, KINDS, audit_records, audit_rows
from .common import hr_agency_from_query, paginate


@require_safe
@login_required
def audit_log(request):
    agency, agencies = hr_agency_from_query(request)
    if agency is None:
        raise Http404
    kind = request.GET.get("kind", "rounds")
    if kind not in KINDS:
        raise Http404
    page = paginate(request, audit_records(agency=agency, kind=kind), per_page=50)
    rows = audit_rows(page.object_list, kind=kind)
    return render(request, "audit.html", {
        "agency": agency, "agencies": agencies, "kind": kind, "kinds": KINDS, "page": page,
        "rows": rows, "history_types": HISTORY_TYPES,
    })
