"""Reading the catalogue."""

from django.db.models import Count, Prefetch, Q, QuerySet

from .dictionary.spec import CompetencySpec, spec_of
from .models import Competency, ExpectedLevel, Indicator, Level


def competencies_with_indicators(*, ids: list[int] | None = None) -> QuerySet[Competency]:
    """Competencies with their levels and indicators prefetched, in order.

    With ``ids``, exactly those rows (a round's pinned versions, current or not);
    without, the current version of each active competency.
    """
    qs = Competency.objects.filter(pk__in=ids) if ids is not None else (
        Competency.objects.filter(is_active=True)
    )
    return qs.prefetch_related(
        Prefetch(
            "levels",
            queryset=Level.objects.order_by("number").prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("order"))
            ),
        )
    )


def expected_level_table() -> dict[tuple[str, str, str], int]:
    """``(position_type, position_level, competency_kind) -> level`` for the whole table."""
    return {
        (row.position_type, row.position_level, row.competency_kind): row.level
        for row in ExpectedLevel.objects.all()
    }


def competency_current(*, code: str) -> Competency | None:
    """The current (active, highest) version of a competency."""
    return Competency.objects.filter(code=code, is_active=True).order_by("-version").first()


def competency_versions() -> QuerySet[Competency]:
    """Every stored version, newest first within a code, with how many rounds
    other than drafts pin each (those versions are frozen)."""
    return Competency.objects.annotate(
        rounds_in_use=Count("rounds", filter=~Q(rounds__state="draft"), distinct=True),
        indicator_count=Count("levels__indicators", distinct=True),
    ).order_by("kind", "number", "code", "-version")


def competency_version(*, code: str, version: int) -> Competency | None:
    """One stored version with its levels and indicators (None for a code no
    competency can have, such as one with a NUL, which PostgreSQL cannot compare)."""
    if "\x00" in code:
        return None
    ids = list(Competency.objects.filter(code=code, version=version).values_list("pk", flat=True))
    return competencies_with_indicators(ids=ids).first() if ids else None


def dictionary_specs() -> list[CompetencySpec]:
    """The current version of each active competency as specs, in catalogue order
    (what the export writes)."""
    qs = competencies_with_indicators().order_by("kind", "number", "code")
    return [spec_of(c) for c in qs]


def dictionary_overview() -> list[dict]:
    """One entry per code: its newest version first, then the older ones."""
    entries: dict[str, dict] = {}
    for comp in competency_versions():
        entry = entries.setdefault(comp.code, {"code": comp.code, "versions": []})
        entry["versions"].append(comp)
    for entry in entries.values():
        entry["versions"].sort(key=lambda c: (not c.is_active, -c.version))
        entry["current"] = entry["versions"][0]
    return list(entries.values())
