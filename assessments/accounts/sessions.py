"""Which sessions a user has, and ending them.

The session store does not know its sessions' owners; the portal records the
key at each login (``AccountSession``). Ending a person's sessions deletes
them from the store, so the next request of each is anonymous and gets the
login page.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings

from ..models import AccountSession


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session_record(*, user, session_key: str | None) -> None:
    """Remember that ``session_key`` is ``user``'s; forget their ended sessions."""
    if not session_key or user.pk is None:
        return
    store = _store()
    stale = [key for key in AccountSession.objects.filter(user=user)
             .exclude(session_key=session_key).values_list("session_key", flat=True)
             if not store().exists(key)]
    if stale:
        AccountSession.objects.filter(session_key__in=stale).delete()
    AccountSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        AccountSession.objects.filter(session_key=session_key).delete()


def user_sessions_end(*, user, keep: str | None = None) -> int:
    """End every session of ``user`` but ``keep`` (the current one, if any).

    Returns how many were ended.
    """
    store = _store()
    keys = list(AccountSession.objects.filter(user=user).exclude(session_key=keep or "")
                .values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    AccountSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def on_logged_in(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        if session.session_key is None:
            session.save()
        session_record(user=user, session_key=session.session_key)


def on_logged_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        session_forget(session_key=session.session_key)
