"""Helpers shared by the assessment views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from ..models import Agency, Employee
from ..permissions import employee_of, hr_agency_ids

PAGE_SIZE = 20


def hr_agency_from_query(request) -> tuple[Agency | None, QuerySet[Agency]]:
    """The agency HR picked with ``?agency=<id>`` among those they serve (else
    the first), and those agencies.

    The parameter is read as an id only when it is one (ASCII digits that fit
    a bigint): anything else a user can type means "no choice", never a
    database error.
    """
    agencies = Agency.objects.filter(pk__in=hr_agency_ids(request.user)).order_by("name_th")
    value = request.GET.get("agency", "")
    chosen = int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
    return (chosen and agencies.filter(pk=chosen).first()) or agencies.first(), agencies


def paginate(request, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def report_url(participant_pk: int) -> str | None:
    return reverse("reports:participant_report", kwargs={"participant_pk": participant_pk})


def me_or_none(request) -> Employee | None:
    return employee_of(request.user)


def hr_agencies_or_404(request):
    ids = hr_agency_ids(request.user)
    if not ids:
        raise Http404
    return Agency.objects.filter(pk__in=ids).order_by("name_th")


def show_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def run_service(request, call, success: str) -> bool:
    """Run a service; its ValidationError becomes messages for the user."""
    try:
        call()
    except ValidationError as exc:
        show_errors(request, exc)
        return False
    messages.success(request, success)
    return True


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
