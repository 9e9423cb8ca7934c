"""Every URL pattern, crossed with the fixed cast, for GET and POST.

A URL pattern without a row in one of the rows_*.py modules fails the test,
so a new view cannot ship without deciding who may reach it.
"""

import importlib
import pkgutil

import pytest
from django.test import Client, override_settings
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLPattern, URLResolver

import tests.access as access_pkg
from tests.access.world import ROLES, build_world

SKIP_NAMESPACES = {"admin"}  # Django's admin: superusers only, covered by its own tests


def _all_rows():
    rows = {}
    for mod in pkgutil.iter_modules(access_pkg.__path__):
        if mod.name.startswith("rows_"):
            rows.update(importlib.import_module(f"tests.access.{mod.name}").ROWS)
    return rows


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIP_NAMESPACES:
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


ROWS = _all_rows()
NAMES = sorted(set(_url_names()))


def test_every_url_has_a_row():
    missing = [n for n in NAMES if n not in ROWS]
    assert not missing, f"URL patterns without an access-matrix row: {missing}"
    stale = [n for n in ROWS if n not in NAMES]
    assert not stale, f"rows for URL names that no longer exist: {stale}"


CASES = [
    (name, method, role)
    for name in NAMES
    if name in ROWS
    for method in ("get", "post")
    if getattr(ROWS[name], method) is not None
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_access(name, method, role):
    row = ROWS[name]
    world = build_world(state=row.state)
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=row.kwargs(world))
    with override_settings(**row.settings):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, row.post_data(world))
    expected = getattr(row, method)[role]
    assert response.status_code == expected, (
        f"{method.upper()} {url} as {role}: {response.status_code}, expected {expected}"
    )
