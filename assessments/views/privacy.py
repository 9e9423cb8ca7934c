"""PDPA: the privacy notice and a person's own data as JSON."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..permissions import employee_of
from ..selectors import employee_personal_data


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
