"""How often a password reset may be asked for, counted in Django's cache.

Two counters, each over a fixed hour: one per e-mail address (a person's
mailbox is not flooded, whoever asks) and one per client address, higher,
since a whole office can reach the portal through one address on the day
an agency goes live. Both count every request, whether or not the address
belongs to anyone, so being refused tells nothing about an account.
"""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

WINDOW = 3600


def _hit(key: str) -> int:
    cache.add(key, 0, WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW)
        return 1


def reset_request_allowed(*, request, email: str) -> bool:
    """Count this request; False when either counter is over its limit."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    address = get_client_ip_address(request) or "unknown"
    per_email = _hit(f"password-reset:email:{digest}")
    per_address = _hit(f"password-reset:address:{address}")
    return (per_email <= settings.PASSWORD_RESET_PER_HOUR
            and per_address <= settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR)
