"""Shared argument handling of the report commands."""

from django.core.management.base import CommandError

from assessments.models import Round


def round_by_id_or_slug(value: str) -> Round:
    qs = Round.objects.select_related("agency")
    rnd = qs.filter(pk=int(value)).first() if value.isdigit() else None
    rnd = rnd or qs.filter(slug=value).first()
    if rnd is None:
        raise CommandError(f"round not found: {value}")
    return rnd
