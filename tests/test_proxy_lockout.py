"""Login throttling behind the TLS proxy: the client address is the one the
trusted proxy appended to X-Forwarded-For (DJANGO_TRUSTED_PROXY_COUNT), so two
people behind the same proxy are throttled apart, and a header the client
writes itself changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from config.proxy import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"  # what REMOTE_ADDR is for every request behind the proxy
GOOD = "correct-horse-battery"


def _via_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def _fail_five_times(client: Client, username: str) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def test_two_clients_behind_one_proxy_are_throttled_apart(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="somchai")
    attacker = _via_proxy("198.51.100.7")
    _fail_five_times(attacker, "somchai")
    assert attacker.post(reverse("login"), {"username": "somchai", "password": GOOD}
                         ).status_code == 429
    # The owner of the account, elsewhere behind the same proxy, still gets in.
    owner = _via_proxy("198.51.100.8")
    assert owner.post(reverse("login"), {"username": "somchai", "password": GOOD}
                      ).status_code == 302


def test_a_spoofed_forwarded_for_does_not_help(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="somying")
    _fail_five_times(_via_proxy("198.51.100.7"), "somying")
    # The client writes its own X-Forwarded-For (or X-Real-IP); the proxy
    # appends the address it saw, and only that one is believed.
    spoofed = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7",
                     HTTP_X_REAL_IP="203.0.113.51", HTTP_CLIENT_IP="203.0.113.52")
    assert spoofed.post(reverse("login"), {"username": "somying", "password": GOOD}
                        ).status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="malee")
    _fail_five_times(_via_proxy("198.51.100.7"), "malee")
    # Same REMOTE_ADDR: a forged header cannot pose as another address.
    assert _via_proxy("198.51.100.9").post(
        reverse("login"), {"username": "malee", "password": GOOD}).status_code == 429


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (0, "198.51.100.7", PROXY),
    (1, "198.51.100.7", "198.51.100.7"),
    (1, "203.0.113.50, 198.51.100.7", "198.51.100.7"),
    (2, "203.0.113.50, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
    (2, "198.51.100.7", PROXY),  # fewer entries than proxies: a request that skipped one
    (1, "not-an-address", PROXY),
    (1, "", PROXY),
])
def test_client_ip(settings, rf, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
