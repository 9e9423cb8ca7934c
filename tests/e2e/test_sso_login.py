"""The browser walk through single sign-on: the login page's provider button, the
provider's own login form (tests/oidc/provider.mjs, a real oidc-provider), and
back to the portal signed in as the matching employee."""

from pathlib import Path

import pytest
from django.db import connections

from tests import directory_servers as servers
from tests.factories import EmployeeFactory

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/e2e-screenshots")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    # Playwright's sync API runs an event loop in this thread (see test_walkthrough.py).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_sign_in_through_the_openid_provider(live_server, settings, tmp_path):
    servers.require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    accounts = {"somchai": {"password": "provider-pass-1", "claims": {
        "email": "somchai.j@example.go.th", "email_verified": True}}}
    somchai = EmployeeFactory(email="somchai.j@example.go.th", first_name="สมชาย")
    with servers.oidc_provider(tmp_path, accounts=accounts,
                               redirect_uris=[f"{live_server.url}/oidc/callback/"]) as provider:
        servers.configure_oidc(settings, provider)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{live_server.url}/accounts/login/")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "sso-login-390.png"), full_page=True)
            page.get_by_role("link", name="เข้าสู่ระบบด้วย Test ID").click()
            page.fill("input[name=login]", "somchai")
            page.fill("input[name=password]", "provider-pass-1")
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{live_server.url}/")
            text = page.content()
            page.screenshot(path=str(SHOTS / "sso-home-390.png"), full_page=True)
            browser.close()
    connections.close_all()
    assert "สมชาย" in text
    assert somchai.user.directory_identities.get().subject == "somchai"
