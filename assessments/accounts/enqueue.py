"""Hand the mail-sending account work to the worker, after the commit.

Apart from :mod:`.services` so that the tasks import the services and never
the other way round (tasks -> services; enqueue -> tasks).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import Agency
from ..tasks import password_reset_mail_send, people_activation_send


def people_activation_enqueue(*, agency: Agency, employee_ids: list[int] | None, by) -> None:
    """Activation links for the chosen people, or everyone not yet activated (None)."""
    requested_at = timezone.now().isoformat()
    transaction.on_commit(lambda: people_activation_send.delay(
        agency.pk, employee_ids, by.pk, requested_at))


def password_reset_enqueue(*, email: str) -> None:
    transaction.on_commit(lambda: password_reset_mail_send.delay(email))
