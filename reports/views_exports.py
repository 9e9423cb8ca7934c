"""Round results and non-responders as XLSX/CSV, and the heatmap of shown levels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from assessments.models import Participant
from assessments.views.hr.common import round_or_404
from assessments.views.hr.imports import CONTENT_TYPES

from .exports import (
    dataset_bytes,
    round_has_results,
    round_heatmap,
    round_non_responders_dataset,
    round_results_dataset,
    round_summary_dataset,
    unit_people,
)


def _file(content: bytes, *, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _fmt_or_404(fmt: str) -> str:
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


@login_required
@require_safe
def round_results_export(request, pk: int, fmt: str):
    rnd = round_or_404(request, pk)
    fmt = _fmt_or_404(fmt)
    if not round_has_results(rnd=rnd):
        messages.error(request, _("ส่งออกผลได้เมื่อปิดรอบการประเมินแล้ว"))
        return redirect("hr:index")
    data = round_results_dataset(rnd=rnd)
    return _file(dataset_bytes(data=data, fmt=fmt), fmt=fmt, name=f"results-{rnd.slug}")


@login_required
@require_safe
def round_summary_export(request, pk: int, fmt: str):
    """The OCSC summary of the whole round, one row per person by employee number."""
    rnd = round_or_404(request, pk)
    fmt = _fmt_or_404(fmt)
    if not round_has_results(rnd=rnd):
        messages.error(request, _("ส่งออกผลได้เมื่อปิดรอบการประเมินแล้ว"))
        return redirect("hr:index")
    data = round_summary_dataset(rnd=rnd)
    return _file(dataset_bytes(data=data, fmt=fmt), fmt=fmt, name=f"summary-{rnd.slug}")


@login_required
@require_safe
def round_non_responders_export(request, pk: int, fmt: str):
    rnd = round_or_404(request, pk)
    fmt = _fmt_or_404(fmt)
    data = round_non_responders_dataset(rnd=rnd)
    return _file(dataset_bytes(data=data, fmt=fmt), fmt=fmt, name=f"non-responders-{rnd.slug}")


@login_required
@require_safe
def round_heatmap_page(request, pk: int):
    rnd = round_or_404(request, pk)
    comps, chosen, rows = ([], None, [])
    if round_has_results(rnd=rnd):
        comps, chosen, rows = round_heatmap(rnd=rnd, competency=request.GET.get("c"))
    return render(request, "hr/heatmap.html", {
        "round": rnd, "competencies": comps, "chosen": chosen, "rows": rows,
        "levels": range(0, 6), "has_results": round_has_results(rnd=rnd),
    })


@login_required
@require_safe
def round_heatmap_unit(request, pk: int, unit_id: int):
    rnd = round_or_404(request, pk)
    if not round_has_results(rnd=rnd):
        raise Http404
    unit_name = (Participant.objects.filter(round=rnd, unit_id=unit_id)
                 .values_list("unit_name", flat=True).first())
    if unit_name is None:
        raise Http404
    comps, chosen, rows = round_heatmap(rnd=rnd, competency=request.GET.get("c"), unit_id=unit_id)
    return render(request, "hr/heatmap_unit.html", {
        "round": rnd, "unit_name": unit_name, "unit_id": unit_id, "competencies": comps,
        "chosen": chosen, "rows": rows, "levels": range(0, 6),
        "people": unit_people(rnd=rnd, unit_id=unit_id, competency=chosen),
    })
