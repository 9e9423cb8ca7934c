"""HR's request for a round's reports, enqueued for the worker. Apart from
:mod:`.services` so the tasks can import the services without a circle
(tasks -> services; enqueue -> tasks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import Round

from .tasks import report_render, round_reports_build


def round_reports_request(*, rnd: Round, by) -> None:
    """HR asks for the round's reports (again).

    Before release the snapshots are refreshed; after release only missing or
    failed PDFs are rendered, because released figures change only by re-release.
    """
    if rnd.state not in Round.FINISHED_STATES:
        raise ValidationError(_("สร้างรายงานได้เมื่อปิดรอบการประเมินแล้วเท่านั้น"))
    resnapshot = rnd.state == Round.State.CLOSED
    transaction.on_commit(
        lambda: round_reports_build.delay(rnd.pk, resnapshot=resnapshot), robust=True
    )


def report_render_request(*, snapshot_id: int) -> None:
    """Render one report again after the transaction commits (an agreed plan).

    Should the broker be down, the report stays queued and the sweeper, or
    the next download, renders it.
    """
    transaction.on_commit(lambda: report_render.delay(snapshot_id), robust=True)
