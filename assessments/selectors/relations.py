"""Raters whose relation to the ratee changed since the round froze its roster.

The frozen roster decides who rates in a running round (docs/product-rules.md);
HR is told here, on the round dashboard, when the organisation moved on (a
supervisor moved to another unit, or someone else became the supervisor), and
swaps the rater in one action.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Assignment, Employee, OrgUnit, Round
from ..permissions import still_supervises


@dataclass(frozen=True)
class ChangedRater:
    assignment: Assignment
    moved_unit: bool  # the rater left the ratee's unit (and the units above it)
    current: Employee | None  # the ratee's supervisor today, to swap to


def round_changed_supervisors(*, rnd: Round) -> list[ChangedRater]:
    """Open supervisor forms of an open round whose rater no longer supervises
    the ratee. Three queries whatever the size of the round."""
    if rnd.state != Round.State.OPEN:
        return []
    forms = (
        Assignment.objects.filter(round=rnd, group="supervisor",
                                  status__in=Assignment.OPEN_STATUSES)
        .select_related("rater", "participant__employee__supervisor")
        .order_by("participant__unit_name", "participant__employee__employee_number")
    )
    parents = dict(OrgUnit.objects.filter(agency_id=rnd.agency_id)
                   .values_list("pk", "parent_id"))
    changed = []
    for form in forms:
        person = form.participant.employee
        if still_supervises(form.rater, person, parents=parents):
            continue
        moved = person.supervisor_id == form.rater_id  # still recorded, in another unit
        changed.append(ChangedRater(assignment=form, moved_unit=moved,
                                    current=None if moved else person.supervisor))
    return changed
