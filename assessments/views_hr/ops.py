"""Small HR services of round operations that have no home in assessments/services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Assignment, Employee, Round


@transaction.atomic
def rater_allow_late(*, rnd: Round, rater: Employee, allow: bool) -> int:
    """Let one rater submit their open forms after the deadline (or stop it).

    Only while the round is open or closed: once released, a late form would
    change published figures, which takes a reopening and a re-release.
    Returns the number of forms changed.
    """
    if rnd.state not in (Round.State.OPEN, Round.State.CLOSED):
        raise ValidationError(_("อนุญาตให้ส่งช้าได้เฉพาะรอบที่เปิดหรือปิดประเมินแล้วแต่ยังไม่ประกาศผล"))
    return (
        Assignment.objects.filter(round=rnd, rater=rater, status__in=Assignment.OPEN_STATUSES)
        .exclude(allow_late=allow)
        .update(allow_late=allow)
    )
