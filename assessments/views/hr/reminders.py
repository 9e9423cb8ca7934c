"""HR's reminders from the round's page, and the log of what mail went out when."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ...mail import reminder_throttle
from ...models import ReminderSend, Round
from ...selectors import raters_last_reminded, reminder_sends_named, round_reminder_sends
from ...services import round_reminder_request
from ..common import paginate
from .common import round_or_404

Target = ReminderSend.Target
# Sends shown on the round's page; the rest on the log page.
DASHBOARD_SENDS = 5


def _ids(values: list[str]) -> list[int] | None:
    """Employee ids as posted, or None when one is not an id at all (ASCII
    digits that fit a bigint: a 10,000-digit value must not reach int())."""
    if not all(v.isascii() and v.isdigit() and len(v) < 19 for v in values):
        return None
    return [int(v) for v in values]


def dashboard_context(*, rnd: Round, non_responders: Page) -> dict:
    """The reminder parts of the round's page: when each listed rater was last
    reminded, the latest sends, and the throttle in minutes."""
    people = list(non_responders.object_list)
    last = raters_last_reminded(rnd=rnd, employee_ids=[e.pk for e in people])
    for e in people:
        e.last_reminded = last.get(e.pk)
    sends = list(round_reminder_sends(rnd=rnd)[:DASHBOARD_SENDS + 1])
    return {
        "can_remind": rnd.state == Round.State.OPEN,
        "reminder_sends": reminder_sends_named(sends=sends[:DASHBOARD_SENDS]),
        "more_sends": len(sends) > DASHBOARD_SENDS,
        "throttle_minutes": int(reminder_throttle().total_seconds() // 60),
    }


@login_required
@require_POST
def round_remind(request, pk: int):
    """One rater (``rater``), the ticked ones (``employee``) or, with
    ``scope=late``, everyone who still owes a form."""
    rnd = round_or_404(request, pk)
    back = reverse("hr:round_dashboard", kwargs={"pk": rnd.pk}) + "#non-responders"
    if "rater" in request.POST:
        target, ids = Target.ONE, _ids([request.POST.get("rater", "")])
    elif request.POST.get("scope") == "late":
        target, ids = Target.LATE, []
    else:
        target, ids = Target.SELECTED, _ids(request.POST.getlist("employee"))
    if ids is None:
        messages.error(request, _("ผู้ที่เลือกบางรายไม่ใช่ผู้ประเมินในรอบนี้ โปรดโหลดหน้าใหม่แล้วเลือกอีกครั้ง"))
        return redirect(back)
    try:
        send = round_reminder_request(rnd=rnd, by=request.user, target=target, employee_ids=ids)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    if target == Target.LATE:
        messages.success(request, _("กำลังส่งอีเมลเตือนทุกคนที่ยังส่งแบบประเมินไม่ครบ "
                                    "ผลการส่งแสดงในบันทึกการส่งอีเมล"))
    else:
        messages.success(request, ngettext(
            "กำลังส่งอีเมลเตือน %(n)s คน ผลการส่งแสดงในบันทึกการส่งอีเมล",
            "กำลังส่งอีเมลเตือน %(n)s คน ผลการส่งแสดงในบันทึกการส่งอีเมล",
            len(send.employee_ids)) % {"n": len(send.employee_ids)})
    return redirect(back)


@login_required
@require_safe
def round_reminders(request, pk: int):
    """Every sending of the round's mail, newest first, a page at a time."""
    rnd = round_or_404(request, pk)
    page = paginate(request, round_reminder_sends(rnd=rnd))
    return render(request, "hr/round_reminders.html", {
        "rnd": rnd, "page": page, "sends": reminder_sends_named(sends=list(page.object_list)),
        "throttle_minutes": int(reminder_throttle().total_seconds() // 60),
    })
