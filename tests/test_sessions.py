"""Sessions end when they must: an idle timeout on top of the absolute
lifetime, a keepalive the rating form pings while someone types, and a login
redirect that never grows past Django's URL limit."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from config.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _signed_in():
    client = Client()
    client.force_login(EmployeeFactory().user)
    assert client.get(reverse("assessments:my_forms")).status_code == 200
    return client


def _shift(client, **seconds_ago):
    """Pretend the session started / was last seen so many seconds ago."""
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": SESSION_STARTED, "seen": SESSION_SEEN}[key]] = now - ago
    session.save()


def _gets_login(client) -> bool:
    response = client.get(reverse("assessments:my_forms"))
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_idle_for_longer_than_the_timeout_signs_out(settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client = _signed_in()
    _shift(client, started=29 * 60, seen=29 * 60)
    assert not _gets_login(client)  # 29 minutes idle: still in, and seen again now
    _shift(client, seen=31 * 60)
    assert _gets_login(client)
    assert SESSION_KEY not in client.session


def test_the_absolute_lifetime_ends_even_a_busy_session(settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    client = _signed_in()
    _shift(client, started=8 * 3600 + 1, seen=10)
    assert _gets_login(client)


def test_the_keepalive_keeps_a_typing_rater_signed_in(settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client = _signed_in()
    # A rater typing a long comment for 50 minutes: the form pings every minute or so.
    _shift(client, started=50 * 60, seen=25 * 60)
    assert client.post(reverse("session_keepalive")).status_code == 204
    _shift(client, seen=0)
    assert client.session[SESSION_SEEN] >= int(time.time()) - 5
    assert not _gets_login(client)
    # Signed out, the ping says so rather than keeping anything alive.
    anonymous = Client().post(reverse("session_keepalive"))
    assert anonymous.status_code == 302


def test_the_rating_form_page_wires_the_keepalive():
    from assessments.models import Assignment
    from tests.builders import make_team

    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    client = Client()
    client.force_login(team.staff[0].user)
    body = client.get(reverse("assessments:rate", kwargs={"pk": form.pk})).content.decode()
    assert f'data-keepalive="{reverse("session_keepalive")}"' in body


@pytest.mark.parametrize("path", [
    "/dictionary/import/" + "x" * 10_000 + "/",
    "/forms/?q=" + "ก" * 10_000,
    "/dictionary/import/" + "x" * 10_000,  # no trailing slash: CommonMiddleware redirect
])
def test_a_very_long_address_never_builds_a_redirect_over_the_limit(path):
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "next=" not in response["Location"]


def test_the_absolute_lifetime_is_capped_at_12_hours(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings.base as base

    monkeypatch.setenv("DJANGO_SESSION_COOKIE_AGE", str(13 * 3600))
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SESSION_COOKIE_AGE"):
        importlib.reload(base)
    monkeypatch.delenv("DJANGO_SESSION_COOKIE_AGE")
    importlib.reload(base)
