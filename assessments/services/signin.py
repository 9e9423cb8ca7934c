"""Binding a directory identity to the account it signed in."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import DirectoryIdentity
from ..selectors.signin import Refusal, SignInRefused


def directory_identity_bind(*, user, source: str, issuer: str, subject: str) -> DirectoryIdentity:
    """Record that ``subject`` of ``issuer`` signed ``user`` in (or refresh the record).

    Refused when the account is already bound to another subject of the same
    issuer, or the subject to another account: the e-mail or number a
    directory sends can change hands, the subject does not.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            bound = (
                DirectoryIdentity.objects.select_for_update()
                .filter(source=source, issuer=issuer, user=user).first()
            )
            if bound is not None:
                if bound.subject != subject:
                    raise SignInRefused(Refusal.BOUND)
                bound.last_at = now
                bound.save(update_fields=["last_at"])
                return bound
            return DirectoryIdentity.objects.create(
                user=user, source=source, issuer=issuer, subject=subject, last_at=now
            )
    except IntegrityError:
        # The subject is already bound to another account.
        raise SignInRefused(Refusal.BOUND) from None
