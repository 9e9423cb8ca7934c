"""PDPA: removing a former employee's personal data after the retention period.

The employee row stays (ratings, participations and forms point to it, and
past rounds' figures must add up the same), but everything that names the
person is replaced: the name by a placeholder, the e-mail and employee number
cleared, the login account unlinked and made unusable, the model history
scrubbed of the same fields, login-attempt logs of the account deleted, the
person's name replaced in the frozen report data, and their other traces
(admin log, import previews and files, account events, directory bindings,
free text naming them) erased by :mod:`.erasure`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Employee, PersonalDataRemoval
from ..selectors.personal_data import (
    anonymous_name,
    employee_anonymise_refusal,
    employee_last_round_on,
)
from ..signals import employee_anonymised
from .erasure import person_needles, person_traces_erase


def _scrub_user(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.hr_roles.all().delete()


@transaction.atomic
def employee_anonymise(*, employee: Employee, by, today: dt.date | None = None) -> Employee:
    """Remove a former employee's personal data; keep their ratings, anonymised.

    Refuses (``ValidationError``) for an active employee, a person still in an
    unfinished round, before the agency's retention period has passed since
    their last round, or a second time. Records a ``PersonalDataRemoval``.
    """
    employee = Employee.objects.select_for_update(of=("self",)).select_related(
        "agency", "user"
    ).get(pk=employee.pk)
    refusal = employee_anonymise_refusal(employee=employee, today=today)
    if refusal:
        raise ValidationError(refusal)
    last = employee_last_round_on(employee=employee)
    placeholder = anonymous_name(employee_id=employee.pk)
    number = f"deleted-{employee.pk}"
    user = employee.user
    needles = person_needles(employee=employee, user=user)

    employee.title, employee.first_name, employee.last_name = "", placeholder, ""
    employee.email, employee.employee_number = "", number
    employee.expected_level_override_reason = ""
    employee.user = None
    employee._history_user = by  # the audit page shows who did it
    employee.save()
    # Past versions in the history named the person too.
    Employee.history.filter(id=employee.pk).update(
        title="", first_name=placeholder, last_name="", email="", employee_number=number,
        expected_level_override_reason="",
    )
    person_traces_erase(employee=employee, user=user, needles=needles, placeholder=placeholder)
    # HR's free-text reasons for switching the person off may name them.
    employee.account_events.update(note="")
    if user is not None:
        _scrub_user(user)
    employee_anonymised.send(sender=Employee, employee=employee, placeholder=placeholder,
                             number=number, needles=needles)
    PersonalDataRemoval.objects.create(employee=employee, by=by, last_round_on=last)
    return employee


