"""E-mail to raters and participants: invitation, reminders, results notice.

Each send claims a ReminderLog row first, in the same transaction as the
send: the unique constraints make a second run (or a second worker) skip
the person, and a failed send rolls the claim back so a retry can try again.
Each run that mails anyone is recorded as a ReminderSend with its counts:
the round's page lists them ("what went out when").
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from competency.thaidate import thai_date

from .accounts.services import account_event_record
from .accounts.status import AccountStatus, account_status
from .accounts.tokens import activation_link
from .models import AccountEvent, Assignment, Employee, ReminderLog, ReminderSend, Round

log = logging.getLogger(__name__)
Kind = ReminderLog.Kind
SendStatus = ReminderSend.Status


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
    days_left = (rnd.deadline - timezone.localdate()).days
    context = {
        "round": rnd, "employee": employee, "forms": forms,
        "deadline": thai_date(rnd.deadline),
        "days_left": days_left, "days_late": -days_left,
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
    # Recorded as it goes (the page shows it "sending"); dropped if it mailed nobody.
    send = ReminderSend.objects.create(round=rnd, kind=kind, status=SendStatus.SENDING)
    for employee, forms in _recipients(rnd, kind):
        if not employee.email:
            no_email += 1
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(round=rnd, employee=employee, kind=kind,
                                           deadline=rnd.deadline, send=send)
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
    result = SendResult(sent=sent, skipped=skipped, no_email=no_email, refused=refused)
    if sent:
        _send_finish(send, result, status=SendStatus.DONE)
    else:  # a re-run that found everyone done: nothing went out, nothing to list
        send.delete()
    return result


def _send_finish(send: ReminderSend, result: SendResult, *, status: str) -> None:
    ReminderSend.objects.filter(pk=send.pk).update(
        status=status, finished_at=timezone.now(),
        # Counted from the rows: a run again after a lost worker adds to them.
        sent=ReminderLog.objects.filter(send=send).count(),
        skipped=result.skipped, no_email=result.no_email, refused=result.refused,
    )


def reminder_throttle() -> dt.timedelta:
    """How long after a reminder of a round a person gets no manual one."""
    return dt.timedelta(minutes=settings.REMINDER_THROTTLE_MINUTES)


def raters_recently_reminded(*, rnd: Round, employee_ids=None,
                             now: dt.datetime | None = None) -> dict[int, dt.datetime]:
    """employee id -> when they last had an invitation or a reminder of
    ``rnd``, for those who had one within the throttle (of ``employee_ids``,
    or anyone)."""
    since = (now or timezone.now()) - reminder_throttle()
    logs = ReminderLog.objects.filter(round=rnd, kind__in=ReminderLog.REMINDING,
                                      sent_at__gte=since)
    if employee_ids is not None:
        logs = logs.filter(employee_id__in=employee_ids)
    return dict(logs.values_list("employee_id").annotate(last=Max("sent_at")).order_by())


def reminder_send_run(*, send: ReminderSend) -> SendResult | None:
    """Mail HR's reminder (``send``) to its raters who still have open forms.

    Re-checks everything at the time of sending: the round is still open
    (otherwise the send is cancelled and nobody is mailed), each rater still
    owes a form (the mail says how many, and the deadline), and has had no
    invitation or reminder of the round within ``reminder_throttle()`` (a
    double click, or a second HR officer at the same moment, mails nobody
    twice: the rater's row is locked while their mail is claimed and sent).
    Safe to run twice: a finished send is left alone, and each person is
    mailed at most once per send (a unique constraint). None when the send
    was already finished.
    """
    send = ReminderSend.objects.select_related("round").get(pk=send.pk)
    if send.status in (SendStatus.DONE, SendStatus.CANCELLED):
        return None
    rnd = send.round
    if rnd.state != Round.State.OPEN:
        _send_finish(send, SendResult(), status=SendStatus.CANCELLED)
        return SendResult()
    ReminderSend.objects.filter(pk=send.pk).update(status=SendStatus.SENDING)
    people = (
        Employee.objects.filter(assignments__round=rnd,
                                assignments__status__in=Assignment.OPEN_STATUSES)
        .annotate(forms=Count("assignments")).select_related("user").order_by("employee_number")
    )
    if send.target != ReminderSend.Target.LATE:
        people = people.filter(pk__in=send.employee_ids)
    sent = skipped = no_email = refused = 0
    for employee in people:
        if not employee.email:
            no_email += 1
            continue
        try:
            with transaction.atomic():
                # Two sends for the same person wait for each other here.
                Employee.objects.select_for_update().filter(pk=employee.pk).first()
                if raters_recently_reminded(rnd=rnd, employee_ids=[employee.pk]):
                    skipped += 1
                    continue
                ReminderLog.objects.create(round=rnd, employee=employee, kind=Kind.MANUAL,
                                           deadline=rnd.deadline, send=send)
                _message(rnd, Kind.MANUAL, employee, employee.forms).send()
        except IntegrityError:
            skipped += 1
            continue
        except smtplib.SMTPRecipientsRefused:
            log.warning("round %s manual reminder %s: address of employee %s refused",
                        rnd.pk, send.pk, employee.pk)
            refused += 1
            continue
        sent += 1
    if send.target != ReminderSend.Target.LATE:
        # The chosen who sent all their forms in the meantime.
        skipped += len(set(send.employee_ids)) - sent - skipped - no_email - refused
    result = SendResult(sent=sent, skipped=skipped, no_email=no_email, refused=refused)
    _send_finish(send, result, status=SendStatus.DONE)
    log.info("round %s manual reminder %s: sent %s, skipped %s, no e-mail %s, refused %s",
             rnd.pk, send.pk, sent, skipped, no_email, refused)
    return result


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


def reminder_sends_unfinished(*, now: dt.datetime | None = None) -> list[int]:
    """HR's reminders whose task was lost: queued or sending for over 15
    minutes. Running one again is safe (see ``reminder_send_run``); in a round
    no longer open it ends "cancelled" rather than "queued" for ever."""
    before = (now or timezone.now()) - dt.timedelta(minutes=15)
    return list(ReminderSend.objects.filter(
        kind=Kind.MANUAL, status__in=(SendStatus.QUEUED, SendStatus.SENDING),
        requested_at__lt=before,
    ).values_list("pk", flat=True))


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
