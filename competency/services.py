"""Changing the catalogue: revisions that never rewrite what a round used.

The rule: a competency row that a round has used (any state but draft) is
frozen. A revision of a frozen row is a new version (``version + 1``, the
old row ``is_active=False``); a row that no round has opened with is
edited in place. Draft rounds follow the current version.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .dictionary.spec import (
    COMPETENCY_FIELDS,
    CompetencySpec,
    IndicatorSpec,
    LevelSpec,
    replace,
    spec_diff,
    spec_of,
)
from .models import Competency, Indicator, Level
from .selectors import competencies_with_indicators

logger = logging.getLogger("competency.dictionary")

# Round states are named here as text: the catalogue does not import the
# assessments app (competency imports nothing above it; docs/architecture.md);
# "draft" is Round.State.DRAFT.
DRAFT = "draft"


def competency_in_use(*, competency: Competency) -> bool:
    """Whether a round other than a draft pins this row (its texts are frozen)."""
    return competency.rounds.exclude(state=DRAFT).exists()


def _lock_in_use(competency: Competency) -> bool:
    # Lock the rounds that pin the row: round_open locks its Round row too,
    # so an opening and an in-place edit cannot interleave.
    states = list(
        competency.rounds.select_for_update(of=("self",)).values_list("state", flat=True)
    )
    return any(state != DRAFT for state in states)


def _write_levels(competency: Competency, spec: CompetencySpec) -> None:
    """Make the row's levels and indicators say what ``spec`` says."""
    wanted = {lv.number: lv for lv in spec.levels}
    competency.levels.exclude(number__in=wanted).delete()
    existing = {lv.number: lv for lv in competency.levels.prefetch_related("indicators")}
    for number, lspec in wanted.items():
        level = existing.get(number)
        if level is None:
            level = Level.objects.create(competency=competency, number=number,
                                         summary_th=lspec.summary_th, summary_en=lspec.summary_en)
            indicators = {}
        else:
            if (level.summary_th, level.summary_en) != (lspec.summary_th, lspec.summary_en):
                level.summary_th, level.summary_en = lspec.summary_th, lspec.summary_en
                level.save(update_fields=["summary_th", "summary_en"])
            indicators = {i.order: i for i in level.indicators.all()}
        orders = {i.order for i in lspec.indicators}
        Indicator.objects.filter(pk__in=[i.pk for o, i in indicators.items() if o not in orders]
                                 ).delete()
        for ispec in lspec.indicators:
            ind = indicators.get(ispec.order)
            if ind is None:
                Indicator.objects.create(level=level, order=ispec.order, text_th=ispec.text_th,
                                         text_en=ispec.text_en)
            elif (ind.text_th, ind.text_en) != (ispec.text_th, ispec.text_en):
                ind.text_th, ind.text_en = ispec.text_th, ispec.text_en
                ind.save(update_fields=["text_th", "text_en"])


def _validate(spec: CompetencySpec) -> None:
    # The import validates files row by row; this guards every other caller.
    if [lv.number for lv in spec.levels] != [1, 2, 3, 4, 5]:
        raise ValidationError(_("สมรรถนะต้องมีระดับ 1 ถึง 5 ครบทุกระดับ"))
    texts = [spec.name_th, spec.definition_th] + [lv.summary_th for lv in spec.levels]
    texts += [i.text_th for lv in spec.levels for i in lv.indicators]
    if any(not (t or "").strip() for t in texts):
        raise ValidationError(_("ข้อความภาษาไทยต้องไม่เว้นว่าง"))
    if any(not lv.indicators for lv in spec.levels):
        raise ValidationError(_("ทุกระดับต้องมีพฤติกรรมบ่งชี้อย่างน้อยหนึ่งข้อ"))


@dataclass(frozen=True)
class Revision:
    competency: Competency  # the row that now holds the texts
    action: str  # "created", "new_version", "in_place" or "unchanged"
    changed: tuple[str, ...] = ()


def competency_save_spec(*, spec: CompetencySpec, by=None) -> Revision:
    """Make the current version of ``spec.code`` say what ``spec`` says.

    Creates the competency when the code is new; does nothing when the
    content is equal; edits in place while no round other than a draft
    uses the current row; otherwise writes a new version and moves draft
    rounds onto it. Runs in one transaction.
    """
    _validate(spec)
    with transaction.atomic():
        current = (Competency.objects.select_for_update()
                   .filter(code=spec.code).order_by("-is_active", "-version").first())
        if current is None:
            comp = Competency.objects.create(
                code=spec.code, version=1, is_active=True,
                **{name: getattr(spec, name) for name in COMPETENCY_FIELDS},
            )
            _write_levels(comp, spec)
            _log("created", comp, by)
            return Revision(comp, "created")
        old = spec_of(competencies_with_indicators(ids=[current.pk]).get())
        changed = tuple(spec_diff(old, spec))
        if not changed and current.is_active:
            return Revision(current, "unchanged")
        if not _lock_in_use(current):
            for name in COMPETENCY_FIELDS:
                setattr(current, name, getattr(spec, name))
            current.is_active = True
            current.full_clean()
            current.save()
            _write_levels(current, spec)
            _log("in_place", current, by, changed)
            return Revision(current, "in_place", changed)
        top = Competency.objects.filter(code=spec.code).aggregate(v=Max("version"))["v"]
        Competency.objects.filter(code=spec.code, is_active=True).update(is_active=False)
        comp = Competency.objects.create(
            code=spec.code, version=top + 1, is_active=True,
            **{name: getattr(spec, name) for name in COMPETENCY_FIELDS},
        )
        _write_levels(comp, spec)
        # A draft has not opened: it should open with the current texts.
        current.roundcompetency_set.filter(round__state=DRAFT).update(competency=comp)
        _log("new_version", comp, by, changed)
        return Revision(comp, "new_version", changed)


def competency_revise(
    *,
    competency: Competency,
    by=None,
    fields: dict[str, object] | None = None,
    level_summaries: dict[int, dict[str, str]] | None = None,
    indicators: dict[tuple[int, int], dict[str, str]] | None = None,
) -> Revision:
    """Change some texts of a competency (see :func:`competency_save_spec`).

    ``fields``: competency fields (``name_th``, ``definition_th``, ...);
    ``level_summaries``: ``{level: {"summary_th": ...}}``;
    ``indicators``: ``{(level, order): {"text_th": ...}}`` (a new order adds one).
    """
    spec = spec_of(competencies_with_indicators(ids=[competency.pk]).get())
    unknown = set(fields or {}) - set(COMPETENCY_FIELDS)
    if unknown:
        raise ValueError(f"not competency fields: {sorted(unknown)}")
    spec = replace(spec, **(fields or {}))
    levels = []
    for level in spec.levels:
        level = replace(level, **(level_summaries or {}).get(level.number, {}))
        by_order = {i.order: i for i in level.indicators}
        for (number, order), texts in (indicators or {}).items():
            if number == level.number:
                base = by_order.get(order, IndicatorSpec(order=order, text_th=""))
                by_order[order] = replace(base, **texts)
        levels.append(replace(level, indicators=tuple(by_order[o] for o in sorted(by_order))))
    return competency_save_spec(spec=replace(spec, levels=tuple(levels)), by=by)


@dataclass
class DictionaryPlan:
    """What applying a file would do, competency by competency."""

    items: list[dict] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item["action"] == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "revise", "unchanged")}

    @property
    def has_changes(self) -> bool:
        return any(item["action"] != "unchanged" for item in self.items)


def dictionary_plan(*, specs: list[CompetencySpec]) -> DictionaryPlan:
    """Dry run: for each spec, ``create`` / ``revise`` (in place or as a new
    version) / ``unchanged``, with the labels of what changed."""
    currents = {
        c.code: c for c in competencies_with_indicators(ids=None)
        .filter(code__in=[s.code for s in specs]).order_by("code", "version")
    }
    plan = DictionaryPlan()
    for spec in specs:
        item = {"code": spec.code, "name": spec.name_th, "line": spec.line,
                "indicators": spec.indicator_count(), "changed": [], "new_version": False}
        current = currents.get(spec.code)
        if current is None and not Competency.objects.filter(code=spec.code).exists():
            item["action"] = "create"
        elif current is None:
            item |= {"action": "revise", "changed": ["is_active"], "new_version": True}
        else:
            changed = spec_diff(spec_of(current), spec)
            item["version"] = current.version
            if changed:
                item |= {"action": "revise", "changed": changed,
                         "new_version": competency_in_use(competency=current)}
            else:
                item["action"] = "unchanged"
        plan.items.append(item)
    return plan


def dictionary_apply(*, specs: list[CompetencySpec], by=None) -> list[Revision]:
    """Apply a validated dictionary, all or nothing (one transaction)."""
    with transaction.atomic():
        return [competency_save_spec(spec=spec, by=by) for spec in specs]


def _log(action: str, comp: Competency, by, changed: tuple[str, ...] = ()) -> None:
    logger.info("dictionary %s: %s v%s by %s changed=%s", action, comp.code, comp.version,
                getattr(by, "pk", None), ",".join(changed))


__all__ = [
    "DictionaryPlan", "LevelSpec", "Revision", "competency_in_use", "competency_revise",
    "competency_save_spec", "dictionary_apply", "dictionary_plan",
]
