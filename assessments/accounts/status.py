"""An account's status as HR sees it: one small function, and the read it needs.

The single sign-on settings (OpenID Connect, LDAP) set
``ACCOUNT_DIRECTORY_SIGN_IN``: then a person who has signed in through the
directory (a DirectoryIdentity) or has no local password signs in through the
agency's directory rather than waiting for activation.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import DirectoryIdentity


class AccountStatus(models.TextChoices):
    NOT_ACTIVATED = "not_activated", _("ยังไม่เปิดใช้งาน")
    ACTIVE = "active", _("ใช้งานได้")
    LOCKED = "locked", _("ถูกระงับชั่วคราว (เข้าสู่ระบบผิดเกินกำหนด)")
    DEACTIVATED = "deactivated", _("ระงับการใช้งาน")
    DIRECTORY = "directory", _("เข้าสู่ระบบผ่านระบบบัญชีของหน่วยงาน")
    NO_ACCOUNT = "no_account", _("ไม่มีบัญชีผู้ใช้")


# Bootstrap badge colour of each status on HR's pages.
BADGES = {
    AccountStatus.NOT_ACTIVATED: "secondary",
    AccountStatus.ACTIVE: "success",
    AccountStatus.LOCKED: "danger",
    AccountStatus.DEACTIVATED: "dark",
    AccountStatus.DIRECTORY: "info",
    AccountStatus.NO_ACCOUNT: "light",
}


def directory_sign_in_configured() -> bool:
    return bool(getattr(settings, "ACCOUNT_DIRECTORY_SIGN_IN", False))


def account_status(
    *, employee, locked: bool = False, directory_bound: bool | None = None
) -> AccountStatus:
    """The status of ``employee``'s account (``employee.user`` loaded with it).

    ``directory_bound``: whether the account has signed in through a directory;
    None looks it up (one query, only when a directory is configured).

    Deactivated wins over everything (the person is out whatever else is true);
    a lockout is shown next, since that is what HR can act on.
    """
    user = employee.user
    if user is None:
        return AccountStatus.NO_ACCOUNT
    if not (employee.is_active and user.is_active):
        return AccountStatus.DEACTIVATED
    if locked:
        return AccountStatus.LOCKED
    if directory_sign_in_configured():
        if directory_bound is None:
            directory_bound = user.directory_identities.exists()
        if directory_bound or not user.has_usable_password():
            return AccountStatus.DIRECTORY
    if not user.has_usable_password():
        return AccountStatus.NOT_ACTIVATED
    return AccountStatus.ACTIVE


def locked_usernames(*, usernames: Iterable[str] | None = None) -> set[str]:
    """Which of ``usernames`` (every username when None) are locked out now,
    in one query.

    Axes locks a username and address pair (``AXES_LOCKOUT_PARAMETERS``) once
    its failures within the cool-off reach ``AXES_FAILURE_LIMIT``.
    """
    attempts = AccessAttempt.objects.exclude(username=None)
    if usernames is not None:
        usernames = [u for u in usernames if u]
        if not usernames:
            return set()
        attempts = attempts.filter(username__in=usernames)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return set(
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )


def employees_with_status(employees: Iterable) -> list:
    """``employees`` (with ``user`` selected) each given ``.account_status`` and
    ``.account_badge``: one query for the lockouts and one for the directory
    sign-ins, whatever the number."""
    employees = list(employees)
    locked = locked_usernames(usernames=[e.user.username for e in employees if e.user])
    bound = set()
    if directory_sign_in_configured():
        bound = set(DirectoryIdentity.objects.filter(
            user_id__in=[e.user_id for e in employees if e.user_id]
        ).values_list("user_id", flat=True))
    for e in employees:
        e.account_status = account_status(
            employee=e, locked=e.user is not None and e.user.username in locked,
            directory_bound=e.user_id in bound,
        )
        e.account_badge = BADGES[e.account_status]
    return employees
