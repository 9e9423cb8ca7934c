"""Account services: set-password links by e-mail, unlocking, the event trail.

Every send and every HR action leaves an ``AccountEvent``, which the audit
page lists for the person's agency.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import AccountEvent, Agency, Employee
from .status import AccountStatus, account_status
from .tokens import activation_link, reset_link

log = logging.getLogger(__name__)
Kind = AccountEvent.Kind


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    skipped: int = 0  # already active, deactivated, or sent by this request already
    no_email: int = 0


def account_event_record(*, kind: str, employee: Employee | None = None, user=None,
                         by=None, note: str = "") -> AccountEvent:
    """Add one entry to the account trail; the agency is the person's."""
    if employee is None and user is not None:
        employee = Employee.objects.filter(user=user).first()
    if user is None and employee is not None:
        user = employee.user
    return AccountEvent.objects.create(
        kind=kind, employee=employee, user=user, by=by, note=note[:300],
        agency_id=employee.agency_id if employee else None,
    )


def _mail(template: str, *, to: str, context: dict) -> EmailMessage:
    context = {"days": settings.ACCOUNT_ACTIVATION_DAYS,
               "portal_url": settings.PORTAL_URL, **context}
    with translation.override("th"):
        subject = render_to_string(f"mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"mail/{template}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


def employees_not_activated(*, agency: Agency) -> QuerySet[Employee]:
    """Active people of ``agency`` whose account has never had a password."""
    return Employee.objects.filter(
        agency=agency, is_active=True, user__is_active=True,
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
    ).select_related("user")


def account_activation_send(*, employee: Employee, by=None) -> bool:
    """E-mail ``employee`` a single-use link to set their first password.

    Sends nothing (returns False) unless the account is waiting for activation
    and the person has an e-mail address; HR sees why on the account page.
    """
    if account_status(employee=employee) != AccountStatus.NOT_ACTIVATED:
        raise ValidationError(_("บัญชีนี้ไม่อยู่ในสถานะรอเปิดใช้งาน จึงไม่ได้ส่งลิงก์"))
    if not employee.email:
        raise ValidationError(_("ไม่มีอีเมลของบุคคลนี้ในระบบ จึงส่งลิงก์ไม่ได้"))
    with transaction.atomic():
        account_event_record(kind=Kind.ACTIVATION_SENT, employee=employee, by=by,
                             note=employee.email)
        _mail("activation", to=employee.email, context={
            "employee": employee, "url": activation_link(employee.user),
        }).send()
    return True


def accounts_activation_send(*, agency: Agency, employee_ids: list[int] | None, by,
                             requested_at: dt.datetime) -> SendResult:
    """Activation links for the chosen people of ``agency`` (everyone waiting
    for activation when ``employee_ids`` is None).

    Safe to run twice: a person already sent a link since ``requested_at`` is
    skipped, so a retried task does not mail them again.
    """
    people = employees_not_activated(agency=agency)
    if employee_ids is not None:
        people = people.filter(pk__in=employee_ids)
    already = set(AccountEvent.objects.filter(
        agency=agency, kind=Kind.ACTIVATION_SENT, at__gte=requested_at,
    ).values_list("employee_id", flat=True))
    sent = skipped = no_email = 0
    for employee in people.order_by("employee_number"):
        if employee.pk in already:
            skipped += 1
            continue
        if not employee.email:
            no_email += 1
            continue
        try:
            account_activation_send(employee=employee, by=by)
        except ValidationError:  # signs in through the directory
            skipped += 1
            continue
        sent += 1
    if employee_ids is not None:
        skipped += len(set(employee_ids)) - sent - skipped - no_email
    log.info("agency %s activation links: sent %s, skipped %s, no e-mail %s",
             agency.pk, sent, skipped, no_email)
    return SendResult(sent=sent, skipped=skipped, no_email=no_email)


def password_reset_users(*, email: str) -> list:
    """Who a reset request for ``email`` is for.

    Unlike Django's ``PasswordResetForm.get_users``, people with an unusable
    password are included: they never activated and lost the invitation, and
    are exactly the people who need the link. The address is the employee
    record's (HR keeps it up to date through the import); an account without
    an employee record (an HR officer) answers to its own address. Deactivated
    people get nothing.
    """
    email = email.strip()
    if not email:
        return []
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(employee__email__iexact=email, employee__is_active=True)
        | Q(employee__isnull=True, email__iexact=email)
    )
    return list(users.select_related("employee"))


def password_reset_send(*, email: str) -> int:
    """Mail a reset link to every account ``email`` belongs to; how many were sent.

    The caller answers the same whatever this finds.
    """
    sent = 0
    for user in password_reset_users(email=email):
        employee = getattr(user, "employee", None)
        with transaction.atomic():
            account_event_record(kind=Kind.RESET_SENT, user=user, employee=employee,
                                 note=email)
            _mail("password_reset", to=email, context={
                "user": user, "employee": employee, "url": reset_link(user),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            }).send()
        sent += 1
    return sent


def account_password_set(*, user, had_password: bool, by_link: bool) -> AccountEvent:
    """Record a password set through a link (activation or reset) or changed."""
    if not by_link:
        kind = Kind.PASSWORD_CHANGED
    else:
        kind = Kind.PASSWORD_RESET if had_password else Kind.ACTIVATED
    if by_link:
        # The link proved the mailbox: failed attempts before it no longer count.
        axes_reset(username=user.get_username())
    return account_event_record(kind=kind, user=user)


def account_unlock(*, employee: Employee, by) -> int:
    """Clear this person's failed logins (every address); only theirs."""
    if employee.user is None:
        raise ValidationError(_("บุคคลนี้ไม่มีบัญชีผู้ใช้"))
    with transaction.atomic():
        count = axes_reset(username=employee.user.get_username())
        account_event_record(kind=Kind.UNLOCKED, employee=employee, by=by)
    return count
