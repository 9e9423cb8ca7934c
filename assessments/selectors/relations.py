"""Raters whose relation to the ratee changed since the round froze its roster.

The frozen roster decides who rates in a running round (docs/product-rules.md);
HR is told here, on the round dashboard, when the organisation moved on (a
supervisor moved to another unit, or someone else became the supervisor), and
swaps the rater in one action.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from ..models import AgencyOrgVersion, Assignment, Employee, OrgUnit, Round, RoundGroupCount
from ..permissions import still_supervises


@dataclass(frozen=True)
class ChangedRater:
    assignment: Assignment
    moved_unit: bool  # the rater left the ratee's unit (and the units above it)
    current: Employee | None  # the ratee's supervisor today, to swap to


def round_changed_supervisors(*, rnd: Round) -> list[ChangedRater]:
    """Open supervisor forms of an open round whose rater no longer supervises
    the ratee.

    Which supervisor forms of the round have a changed relation depends only on
    the organisation and on the round's supervisor forms, so it is worked out
    once per organisation version (``AgencyOrgVersion``, kept by the
    database) and number of supervisor forms, and kept in the cache; a view
    then reads only those forms. The first view after the organisation
    changes reads all the round's supervisor forms (three queries)."""
    if rnd.state != Round.State.OPEN:
        return []
    version = (AgencyOrgVersion.objects.filter(agency_id=rnd.agency_id)
               .values_list("version", flat=True).first() or 0)
    forms_count = (RoundGroupCount.objects.filter(round=rnd, group="supervisor")
                   .values_list("forms", flat=True).first() or 0)
    opened = rnd.opened_at.timestamp() if rnd.opened_at else 0
    key = f"round-changed-supervisors:{rnd.pk}:{opened}:{version}:{forms_count}"
    changed_ids, parents = cache.get(key), None
    if changed_ids is None:
        parents = _parents(rnd)
        changed_ids = _changed_supervisor_forms(rnd, parents=parents)
        cache.set(key, changed_ids, timeout=CACHE_SECONDS)
    if not changed_ids:
        return []
    forms = (
        Assignment.objects.filter(pk__in=changed_ids, status__in=Assignment.OPEN_STATUSES)
        .select_related("rater", "participant__employee__supervisor")
        .order_by("participant__unit_name", "participant__employee__employee_number")
    )
    parents = parents or _parents(rnd)
    changed = []
    for form in forms:
        person = form.participant.employee
        if still_supervises(form.rater, person, parents=parents):
            continue  # belt and braces: the relation as it is now decides
        moved = person.supervisor_id == form.rater_id  # still recorded, in another unit
        changed.append(ChangedRater(assignment=form, moved_unit=moved,
                                    current=None if moved else person.supervisor))
    return changed


# The list is right for as long as its key holds; the timeout only frees memory.
CACHE_SECONDS = 24 * 3600


def _parents(rnd: Round) -> dict[int, int | None]:
    return dict(OrgUnit.objects.filter(agency_id=rnd.agency_id).values_list("pk", "parent_id"))


def _changed_supervisor_forms(rnd: Round, *, parents: dict) -> list[int]:
    """Ids of the round's supervisor forms (any status) whose rater no longer
    supervises the ratee, from narrow rows."""
    rows = Assignment.objects.filter(round=rnd, group="supervisor").values_list(
        "pk", "rater_id", "rater__unit_id", "rater__is_active",
        "participant__employee__supervisor_id", "participant__employee__unit_id",
        "participant__employee__agency_id",
    )
    out = []
    for pk, rater_id, rater_unit, rater_active, supervisor_id, unit, agency in rows:
        rater = Employee(pk=rater_id, unit_id=rater_unit, is_active=rater_active)
        person = Employee(supervisor_id=supervisor_id, unit_id=unit, agency_id=agency)
        if not still_supervises(rater, person, parents=parents):
            out.append(pk)
    return out
