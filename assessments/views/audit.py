from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..audit import HISTORY_TYPES, KINDS, audit_records, audit_rows
from ..models import Agency
from ..permissions import hr_agency_ids
from .common import paginate


@require_safe
@login_required
def audit_log(request):
    agencies = Agency.objects.filter(pk__in=hr_agency_ids(request.user)).order_by("name_th")
    agency = agencies.filter(pk=request.GET.get("agency") or 0).first() or agencies.first()
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
