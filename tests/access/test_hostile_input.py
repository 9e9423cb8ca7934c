"""No request a user can send gives HTTP 500 (issue 14).

Generated: every URL pattern (the resolver walked, as the access matrix does)
x every GET parameter, form field and string path part its view reads
(tests/access/inputs.py collects them from the view's source) x the hostile
values below, as HR, as an employee and anonymously. The answer is one of
200, 302, 400, 403 or 404 (405 where the access matrix says the method is
not allowed is never sent). The world is built once per role and every
request runs in a savepoint that is rolled back, so a POST that succeeds
does not change what the next case sees.

Figures (2026-12-02, 2 shared cores): about 1,900 cases (HR 686, employee
and anonymous about 600 each), 0 HTTP 500; 19 s for the three roles at load
~2, 17 s of CPU. Found and fixed: ``/hr/<agency>/people/?q=%00``,
``/audit/?agency=x``, ``/reports/access-log/?agency=x``, a NUL competency
code, and a 10,000-digit ``employee`` on the activation POST.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access.inputs import EXTRA, url_inputs
from tests.access.test_access_matrix import ROWS
from tests.access.world import build_world

# name -> raw (already percent-encoded) value, as it goes on the wire.
HOSTILE = {
    "nul": "%00",
    "long": quote("ก" * 10_000),  # 90,000 bytes once percent-encoded
    "digits": "9" * 10_000,  # more digits than int() converts
    "bad_utf8": "%ff%fe%c3%28%ed%a0%80",
    "combining": quote("\u0e49"),  # a Thai tone mark with no consonant
    "unknown_id": "2147483648",  # beyond a PostgreSQL integer
}
ALLOWED = {200, 302, 400, 403, 404}
PLACEHOLDER = "HOSTILEPATHPART"
INT_PLACEHOLDER = 7_654_321_012
ROLES = ("hr", "employee", "anonymous")

# Fields Django's own views read through a name the collector cannot see.
EXTRA_STATIC = {"set_language": {"post": {"language", "next"}}}


def _cases(world):
    """(name, method, url, query or body) for every input of every URL."""
    for name, inputs in sorted(url_inputs().items()):
        row = ROWS[name]
        kwargs = row.kwargs(world)
        post_fields = set(inputs.post) | EXTRA_STATIC.get(name, {}).get("post", set())
        if name in EXTRA:
            post_fields |= set(EXTRA[name](world))
        for key in inputs.path:
            for value in HOSTILE.values():
                url = reverse(name, kwargs=kwargs | {key: PLACEHOLDER}).replace(PLACEHOLDER,
                                                                                  value)
                yield name, "get" if row.get else "post", url, ""
        for key in inputs.int_path:  # only digits reach the view
            for value in (HOSTILE["unknown_id"], HOSTILE["digits"]):
                url = reverse(name, kwargs=kwargs | {key: INT_PLACEHOLDER}).replace(
                    str(INT_PLACEHOLDER), value)
                yield name, "get" if row.get else "post", url, ""
        url = reverse(name, kwargs=kwargs)
        for field in sorted(inputs.get):
            for value in HOSTILE.values():
                yield name, "get", url, f"{field}={value}"
        if row.post is None:
            continue
        base = "&".join(f"{k}={quote(str(v))}" for k, v in row.post_data(world).items())
        for field in sorted(post_fields):
            for value in HOSTILE.values():
                yield name, "post", url, f"{base}&{field}={value}" if base else f"{field}={value}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error(role):
    world = build_world()
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    failures, count = [], 0
    for name, method, url, data in _cases(world):
        expected = getattr(ROWS[name], method)
        if expected is not None and expected[role] == 405:
            continue  # the method is refused before any input is read
        count += 1
        try:
            with transaction.atomic():
                if method == "get":
                    response = client.get(f"{url}?{data}" if data else url)
                else:
                    response = client.generic(
                        "POST", url, data, content_type="application/x-www-form-urlencoded")
                transaction.set_rollback(True)
            status = response.status_code
        except Exception as exc:  # noqa: BLE001 — every error is a finding to list
            status = f"{type(exc).__name__}: {str(exc)[:120]}"
        if status not in ALLOWED:
            failures.append(f"{method.upper()} {url[:120]}?{data[:60]} -> {status}")
    print(f"{role}: {count} cases")
    assert count > 300
    assert not failures, f"{len(failures)} of {count} cases failed:\n" + "\n".join(failures)
