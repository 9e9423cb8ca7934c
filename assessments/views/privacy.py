"""PDPA: the privacy notice and a person's own data, as JSON and as a Thai XLSX."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from competency.tabular import CONTENT_TYPES, xlsx_bytes

from ..permissions import employee_of
from ..selectors import employee_personal_data
from ..selectors.personal_data import personal_data_rows


@require_safe
def privacy_notice(request):
    return render(request, "privacy.html")


@require_safe
@login_required
def my_data(request):
    me = employee_of(request.user)
    if me is None:
        raise Http404
    data = employee_personal_data(employee=me)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{me.employee_number}.json"'
    return response


@require_safe
@login_required
def my_data_xlsx(request):
    """The same data as the JSON, as rows a person can read (formula-safe writer)."""
    me = employee_of(request.user)
    if me is None:
        raise Http404
    rows = personal_data_rows(data=employee_personal_data(employee=me))
    content = xlsx_bytes(headers=[_("หมวด"), _("รายการ"), _("ข้อมูล")], rows=rows,
                         title=_("ข้อมูลของท่าน"))
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="my-data-{me.employee_number}.xlsx"'
    return response
