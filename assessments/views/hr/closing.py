"""Closing a round: a confirmation page with what is still pending, then the close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ... import services
from ...models import Round
from ...selectors import round_close_facts, round_reopened_open
from .common import round_or_404


def dashboard_context(*, rnd: Round) -> dict:
    """For the round's page: reopened forms not submitted again (none in a draft)."""
    return {"reopened_open": list(round_reopened_open(rnd=rnd))
            if rnd.state != Round.State.DRAFT else []}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_close(request, pk: int):
    """GET: what closing leaves pending (nominations awaiting approval,
    outstanding forms, reopened forms not yet resubmitted) and the button.
    POST: close; ``reopened_late`` keeps the reopened forms open for their
    raters after the close."""
    rnd = round_or_404(request, pk)
    if rnd.state != Round.State.OPEN:
        messages.error(request, _("ปิดรอบได้เฉพาะรอบที่เปิดประเมินอยู่"))
        return redirect("hr:round_dashboard", pk=rnd.pk)
    if request.method != "POST":
        return render(request, "hr/round_close.html",
                      {"rnd": rnd, "facts": round_close_facts(rnd=rnd)})
    try:
        services.round_close(rnd=rnd, reopened_late=request.POST.get("reopened_late") == "1")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("hr:round_dashboard", pk=rnd.pk)
    # The reports are built after the commit, by a worker or (embedded) a
    # background thread: the reports page shows how far they are.
    done = _("ปิดรอบการประเมินแล้ว") + " " + _(
        "ระบบกำลังจัดทำรายงานผล ดูความคืบหน้าได้ที่หน้ารายงานผลการประเมินรายบุคคล")
    if reopened := round_reopened_open(rnd=rnd).count():
        done += " " + ngettext(
            "แบบประเมินที่เปิดให้แก้ไขแล้วยังไม่ส่งกลับ %(n)s ฉบับ ไม่นับในผลการประเมินจนกว่าจะส่งกลับ",
            "แบบประเมินที่เปิดให้แก้ไขแล้วยังไม่ส่งกลับ %(n)s ฉบับ ไม่นับในผลการประเมินจนกว่าจะส่งกลับ",
            reopened) % {"n": reopened}
    messages.success(request, done)
    return redirect("hr:round_dashboard", pk=rnd.pk)
