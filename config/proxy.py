"""The client's address behind the reverse proxy, for login throttling (Axes).

Each proxy in front of Django appends the address it received the request
from to X-Forwarded-For, so with N trusted proxies the client is the N-th
entry from the right; whatever stands further left was written by the client
and is ignored. With N = 0 (no proxy) the header is ignored altogether.

Axes calls this through ``AXES_CLIENT_IP_CALLABLE``, its hook for the client
address. (django-ipware's ``proxy_count``, the other route Axes offers,
expects the proxies' own addresses in the header and, checked strictly,
finds no address at all behind one proxy that appends the client's.)
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
