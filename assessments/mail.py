"""E-mail to raters and participants: invitation, reminders, results notice.

Each send claims a ReminderLog row first, in the same transaction as the
send: the unique constraints make a second run (or a second worker) skip
the person, and a failed send rolls the claim back so a retry can try again.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from competency.thaidate import thai_date

from .accounts.services import account_event_record
from .accounts.status import AccountStatus, account_status
from .accounts.tokens import activation_link
from .models import AccountEvent, Assignment, Employee, ReminderLog, Round

log = logging.getLogger(__name__)
Kind = ReminderLog.Kind


@dataclass(frozen=True)
class SendResult:
    sent: int = 0
    skipped: int = 0  # already sent earlier
    no_email: int = 0
    refused: int = 0  # the server refused the address; tried again by the sweeper


def portal_url(path: str = "") -> str:
    return settings.PORTAL_URL.rstrip("/") + path



def bilingual_message(*, template: str, context: dict, to: str) -> EmailMessage:
    """One message in Thai, then in English (``mail/<template>.txt`` and
    ``mail/<template>_subject.txt`` rendered in each language)."""
    subjects, bodies = [], []
    for language in ("th", "en"):
        with translation.override(language):
            subject = render_to_string(f"mail/{template}_subject.txt", context)
            subjects.append(" ".join(subject.split()))
            bodies.append(render_to_string(f"mail/{template}.txt", context).strip())
    return EmailMessage(subject=" / ".join(subjects), body="\n\n----\n\n".join(bodies) + "\n",
                        to=[to])


def _recipients(rnd: Round, kind: str):
    """(employee, pending form count) for each person the mail is for."""
    if kind == Kind.RELEASED:
        people = Employee.objects.filter(participations__round=rnd).distinct()
        return [(e, 0) for e in people.order_by("employee_number")]
    statuses = (Assignment.ACTIVE_STATUSES if kind == Kind.INVITATION
                else Assignment.OPEN_STATUSES)
    people = (
        Employee.objects.filter(assignments__round=rnd, assignments__status__in=statuses)
        .annotate(forms=Count("assignments"))
        .select_related("user")
        .order_by("employee_number")
    )
    return [(e, e.forms) for e in people]


def _message(rnd: Round, kind: str, employee: Employee, forms: int,
             activation: bool = False) -> EmailMessage:
    context = {
        "round": rnd, "employee": employee, "forms": forms,
        "deadline": thai_date(rnd.deadline),
        "days_left": (rnd.deadline - timezone.localdate()).days,
        "url": portal_url(reverse("home")),
        "activation_url": activation_link(employee.user) if activation else None,
        "activation_days": settings.ACCOUNT_ACTIVATION_DAYS,
    }
    with translation.override("th"):
        subject = render_to_string(f"mail/{kind}_subject.txt", context).strip()
        body = render_to_string(f"mail/{kind}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[employee.email])


def round_send_mail(*, rnd: Round, kind: str) -> SendResult:
    """Send ``kind`` to everyone it concerns who has not had it yet (for this deadline).

    Idempotent: a second run sends nothing. Before/due reminders go only to
    raters with forms still open; the results notice to every participant.
    The invitation of someone who has never set a password carries their
    activation link (recorded in the account trail), so the invitation alone
    gets them in.
    """
    sent = skipped = no_email = refused = 0
    for employee, forms in _recipients(rnd, kind):
        if not employee.email:
            no_email += 1
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(round=rnd, employee=employee, kind=kind,
                                           deadline=rnd.deadline)
                activation = kind == Kind.INVITATION and (
                    account_status(employee=employee) == AccountStatus.NOT_ACTIVATED)
                _message(rnd, kind, employee, forms, activation).send()
                if activation:
                    account_event_record(kind=AccountEvent.Kind.ACTIVATION_SENT,
                                         employee=employee, note=rnd.name_th)
        except IntegrityError:
            skipped += 1
            continue
        except smtplib.SMTPRecipientsRefused:
            # One bad address must not stop the mail of everyone after it.
            log.warning("round %s mail %s: address of employee %s refused",
                        rnd.pk, kind, employee.pk)
            refused += 1
            continue
        sent += 1
    log.info("round %s mail %s: sent %s, skipped %s, no e-mail %s, refused %s",
             rnd.pk, kind, sent, skipped, no_email, refused)
    return SendResult(sent=sent, skipped=skipped, no_email=no_email, refused=refused)


# A results notice is chased this long after the release, no longer: a person
# given an e-mail address years later gets no notice of an old round.
MAIL_SWEEP_DAYS = 7


def rounds_with_unsent_mail(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """(round id, kind) of invitations and results notices someone due them has not
    had: their task was lost (a worker killed) or failed (the mail server was
    down). Sending again is safe: each person is claimed once (ReminderLog)."""
    now = now or timezone.now()
    due = []
    rounds = Round.objects.filter(state=Round.State.OPEN).values_list("pk", flat=True)
    due += [(pk, Kind.INVITATION) for pk in rounds]
    rounds = Round.objects.filter(state=Round.State.RELEASED,
                                  released_at__gte=now - dt.timedelta(days=MAIL_SWEEP_DAYS))
    due += [(pk, Kind.RELEASED) for pk in rounds.values_list("pk", flat=True)]
    out = []
    for round_id, kind in due:
        if kind == Kind.RELEASED:
            people = Employee.objects.filter(participations__round_id=round_id)
        else:
            people = Employee.objects.filter(assignments__round_id=round_id,
                                             assignments__status__in=Assignment.ACTIVE_STATUSES)
        sent = ReminderLog.objects.filter(round_id=round_id, kind=kind).values("employee_id")
        if people.exclude(email="").exclude(pk__in=sent).exists():
            out.append((round_id, kind))
    return out


def reminder_kind_due(*, rnd: Round, today=None) -> str | None:
    """Which reminder a round is due today, if any.

    "before" from ``reminder_days`` before the deadline up to the day before
    (so a missed beat run catches up), "due" on the day itself.
    """
    today = today or timezone.localdate()
    days_left = (rnd.deadline - today).days
    if days_left == 0:
        return Kind.DUE
    if rnd.reminder_days and 0 < days_left <= rnd.reminder_days:
        return Kind.BEFORE
    return None
