"""A competency's content as plain values, comparable with ``==``.

The database, an uploaded file and a revision all become a
:class:`CompetencySpec`, so "unchanged" is simply equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..models import Competency

COMPETENCY_FIELDS = ("kind", "number", "name_th", "name_en", "definition_th", "definition_en")


@dataclass(frozen=True)
class IndicatorSpec:
    order: int
    text_th: str
    text_en: str = ""


@dataclass(frozen=True)
class LevelSpec:
    number: int
    summary_th: str
    summary_en: str = ""
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    kind: str
    number: int
    name_th: str
    name_en: str
    definition_th: str
    definition_en: str
    levels: tuple[LevelSpec, ...] = ()
    # Where it came from in a file; not part of the content.
    line: int = field(default=0, compare=False)

    def level(self, number: int) -> LevelSpec | None:
        return next((lv for lv in self.levels if lv.number == number), None)

    def indicator_count(self) -> int:
        return sum(len(lv.indicators) for lv in self.levels)


def spec_of(competency: Competency) -> CompetencySpec:
    """The content of one stored version (use prefetched levels/indicators)."""
    levels = tuple(
        LevelSpec(
            number=lv.number, summary_th=lv.summary_th, summary_en=lv.summary_en,
            indicators=tuple(
                IndicatorSpec(order=i.order, text_th=i.text_th, text_en=i.text_en)
                for i in sorted(lv.indicators.all(), key=lambda i: i.order)
            ),
        )
        for lv in sorted(competency.levels.all(), key=lambda lv: lv.number)
    )
    return CompetencySpec(
        code=competency.code, levels=levels,
        **{name: getattr(competency, name) for name in COMPETENCY_FIELDS},
    )


def spec_diff(old: CompetencySpec, new: CompetencySpec) -> list[str]:
    """Short labels of what differs, for the preview (e.g. ``name_th``, ``2.1``)."""
    changed = [name for name in COMPETENCY_FIELDS if getattr(old, name) != getattr(new, name)]
    for number in sorted({lv.number for lv in old.levels} | {lv.number for lv in new.levels}):
        a, b = old.level(number), new.level(number)
        if a is None or b is None:
            changed.append(f"L{number}")
            continue
        if (a.summary_th, a.summary_en) != (b.summary_th, b.summary_en):
            changed.append(f"L{number}")
        ia = {i.order: i for i in a.indicators}
        ib = {i.order: i for i in b.indicators}
        orders = sorted(ia.keys() | ib.keys())
        changed += [f"{number}.{o}" for o in orders if ia.get(o) != ib.get(o)]
    return changed


__all__ = [
    "COMPETENCY_FIELDS", "CompetencySpec", "IndicatorSpec", "LevelSpec", "replace", "spec_diff",
    "spec_of",
]
