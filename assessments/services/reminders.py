"""HR's reminders from the round's page: recorded here, mailed by the worker."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competency.thaidate import shown_date

from ..mail import raters_recently_reminded, reminder_throttle
from ..models import Assignment, Employee, ReminderLog, ReminderSend, Round
from ..tasks import round_reminder_send

Target = ReminderSend.Target


@transaction.atomic
def round_reminder_request(
    *, rnd: Round, by, target: str, employee_ids: list[int] | None = None
) -> ReminderSend:
    """Record HR's request to remind raters with open forms, and hand it to
    the worker once committed.

    ``target``: one rater or a selection (``employee_ids``), or everyone who
    still owes a form ("late"). Refused, with a message for the user, when the
    round is not open, the selection is empty, names someone who is no rater
    of the round, or everyone chosen has just had a reminder (the throttle;
    the worker checks it again person by person when it sends).
    """
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state != Round.State.OPEN:
        raise ValidationError(_("ส่งอีเมลเตือนได้เฉพาะรอบที่เปิดประเมินอยู่"))
    if target not in (Target.ONE, Target.SELECTED, Target.LATE):
        raise ValidationError(_("ไม่ทราบว่าจะส่งอีเมลเตือนถึงใคร โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"))
    open_forms = Assignment.objects.filter(round=rnd, status__in=Assignment.OPEN_STATUSES)
    if target == Target.LATE:
        ids = None
        owing = set(open_forms.values_list("rater_id", flat=True).distinct())
        if not owing:
            raise ValidationError(_("ไม่มีผู้ที่ยังส่งแบบประเมินไม่ครบ"))
    else:
        ids = sorted(set(employee_ids or []))
        if not ids:
            raise ValidationError(_("โปรดเลือกผู้ประเมินอย่างน้อยหนึ่งคน"))
        if target == Target.ONE and len(ids) != 1:
            raise ValidationError(_("ไม่ทราบว่าจะส่งอีเมลเตือนถึงใคร โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"))
        raters = set(Assignment.objects.filter(round=rnd, rater_id__in=ids)
                     .values_list("rater_id", flat=True).distinct())
        if raters != set(ids):
            raise ValidationError(_("ผู้ที่เลือกบางรายไม่ใช่ผู้ประเมินในรอบนี้ โปรดโหลดหน้าใหม่แล้วเลือกอีกครั้ง"))
        owing = set(open_forms.filter(rater_id__in=ids).values_list("rater_id", flat=True))
        if not owing:
            raise ValidationError(ngettext(
                "ผู้ที่เลือกส่งแบบประเมินครบแล้ว", "ผู้ที่เลือกทุกคนส่งแบบประเมินครบแล้ว", len(ids)))
    recent = raters_recently_reminded(rnd=rnd, employee_ids=owing)
    if set(recent) >= owing:
        last = timezone.localtime(max(recent.values()))
        when = {"date": shown_date(last, short=True), "time": last.strftime("%H:%M"),
                "minutes": int(reminder_throttle().total_seconds() // 60)}
        if len(owing) == 1:
            [rater] = Employee.objects.filter(pk__in=owing)
            raise ValidationError(_(
                "%(name)s ได้รับอีเมลเชิญหรือเตือนไปแล้วเมื่อ %(date)s เวลา %(time)s น. "
                "ระบบไม่ส่งซ้ำภายใน %(minutes)s นาที") % {"name": rater.full_name, **when})
        raise ValidationError(_(
            "ผู้ที่เลือกได้รับอีเมลเชิญหรือเตือนไปแล้วเมื่อ %(date)s เวลา %(time)s น. "
            "ระบบไม่ส่งซ้ำภายใน %(minutes)s นาที"
        ) % when)
    send = ReminderSend.objects.create(
        round=rnd, kind=ReminderLog.Kind.MANUAL, target=target, by=by,
        employee_ids=ids or [],
    )
    # robust: a mail server down in the embedded default (eager tasks) must not
    # turn the request into an error; the send stays queued for the sweeper.
    transaction.on_commit(lambda: round_reminder_send.delay(send.pk), robust=True)
    return send

