"""Who may do what: the one place that answers it.

Views call the ``get_..._or_404`` helpers, so an outsider cannot tell a
forbidden object from a missing one. Supervisor is a derived role (someone
has them as first-line supervisor), never a flag.
"""

from __future__ import annotations

from django.http import Http404

from .models import Agency, Assignment, Employee, OrgUnit, Participant, Round


def employee_of(user) -> Employee | None:
    if not user.is_authenticated:
        return None
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None


def employee_switched_off(user) -> bool:
    """The user is a person who left the agency (deactivated): no login, no session."""
    employee = employee_of(user)
    return employee is not None and not employee.is_active


def hr_agency_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_hr_agency_ids", None)
    if cache is None:
        cache = set(user.hr_roles.values_list("agency_id", flat=True))
        user._hr_agency_ids = cache
    return cache


def is_hr(user, agency: Agency | int | None = None) -> bool:
    ids = hr_agency_ids(user)
    if agency is None:
        return bool(ids)
    return (agency if isinstance(agency, int) else agency.pk) in ids


def can_manage_round(user, rnd: Round) -> bool:
    return is_hr(user, rnd.agency_id)


def can_rate(user, assignment: Assignment) -> bool:
    me = employee_of(user)
    return me is not None and assignment.rater_id == me.pk


def still_supervises(supervisor: Employee, person: Employee, *, parents=None) -> bool:
    """The organisation as it is today: ``supervisor`` is still ``person``'s
    first-line supervisor and sits in the person's unit or a unit above it
    (a supervisor moved to another unit no longer supervises, whatever the
    person's record still says). ``parents`` (unit id -> parent id) saves the
    walk up the units its queries, for lists."""
    if person.supervisor_id != supervisor.pk or not supervisor.is_active:
        return False
    if parents is None:
        parents = dict(OrgUnit.objects.filter(agency_id=person.agency_id)
                       .values_list("pk", "parent_id"))
    unit, seen = person.unit_id, set()
    while unit is not None and unit not in seen:
        if unit == supervisor.unit_id:
            return True
        seen.add(unit)
        unit = parents.get(unit)
    return False


def can_see_result(user, participant: Participant) -> bool:
    """Results: HR of the agency any time after closing; the person and their
    supervisor only once the round is released.

    The supervisor is the one frozen in the round and only while they still
    supervise the person (docs/product-rules.md): a supervisor moved away or
    replaced loses the person's reports on their next request.
    """
    rnd = participant.round
    if is_hr(user, rnd.agency_id):
        return rnd.state in Round.FINISHED_STATES
    if rnd.state != Round.State.RELEASED:
        return False
    me = employee_of(user)
    if me is None:
        return False
    if me.pk == participant.employee_id:
        return True
    return me.pk == participant.supervisor_id and still_supervises(me, participant.employee)


def can_nominate(user, participant: Participant) -> bool:
    me = employee_of(user)
    if is_hr(user, participant.round.agency_id):
        return True
    return me is not None and me.pk in (participant.employee_id, participant.supervisor_id)


def can_decide_nomination(user, participant: Participant) -> bool:
    me = employee_of(user)
    if is_hr(user, participant.round.agency_id):
        return True
    return me is not None and participant.supervisor_id == me.pk


def can_see_rater_statuses(user, participant: Participant) -> bool:
    """Whether the user may see, rater by rater, whether a named rater of the
    participant has started, saved or submitted their form, and when.

    HR of the agency only: chasing non-responders needs it. The person never
    (with the names of their peers in front of them, a per-rater status tells
    them who answered), and their supervisor neither: the supervisor sees
    their own form and group totals that reach the round's minimum
    (``docs/product-rules.md``).
    """
    return is_hr(user, participant.round.agency_id)


def get_or_404(queryset, predicate, user, **lookup):
    """Fetch an object and check ``predicate(user, obj)``; 404 for both failures."""
    obj = queryset.filter(**lookup).first()
    if obj is None or not predicate(user, obj):
        raise Http404
    return obj



def can_manage_dictionary(user) -> bool:
    """The competency dictionary is shared by every agency: HR of any agency
    or a superuser may import, export and browse its versions."""
    return user.is_authenticated and (user.is_superuser or is_hr(user))


def can_view_report(user, participant: Participant) -> bool:
    """A level report (page and PDF): whoever may see the result (HR once closed;
    the person and their frozen supervisor once released)."""
    return can_see_result(user, participant)


def can_download_report(user, participant: Participant) -> bool:
    return can_view_report(user, participant)


def can_acknowledge_report(user, participant: Participant) -> bool:
    """Only the person confirms (รับทราบ) their own released report."""
    me = employee_of(user)
    return (
        me is not None
        and participant.employee_id == me.pk
        and participant.round.state == Round.State.RELEASED
    )


def can_agree_plan(user, participant: Participant) -> bool:
    """The development plan of a released round: its frozen supervisor agrees,
    while they still supervise the person (as for the report)."""
    me = employee_of(user)
    return (
        me is not None
        and participant.round.state == Round.State.RELEASED
        and me.pk == participant.supervisor_id
        and still_supervises(me, participant.employee)
    )


def can_edit_plan(user, participant: Participant) -> bool:
    """The person and their supervisor fill in the plan of a released round.
    HR reads plans in the report and in the summary by unit, never edits one
    (docs/product-rules.md); everyone else gets 404."""
    me = employee_of(user)
    if me is None or participant.round.state != Round.State.RELEASED:
        return False
    return me.pk == participant.employee_id or can_agree_plan(user, participant)


def can_manage_personal_data(user, employee: Employee) -> bool:
    """PDPA removal of a person's data: HR of the person's agency only."""
    return is_hr(user, employee.agency_id)


def can_manage_account(user, employee: Employee) -> bool:
    """A person's sign-in (activation, lockout, status): HR of their agency only."""
    return is_hr(user, employee.agency_id)
