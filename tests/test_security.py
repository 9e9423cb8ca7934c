"""Hardening: deployment checks, security headers, login throttling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-key-0123456789",
        "DJANGO_ALLOWED_HOSTS": "competency.example.go.th",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://u@127.0.0.1:5432/db"),
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "s" * 60,
        "DJANGO_ALLOWED_HOSTS": "competency.example.go.th",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
    }
    env.pop(missing)
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False,
    )
    assert out.returncode != 0
    assert missing in out.stderr


def test_a_malformed_value_fails_at_start_with_a_clear_message():
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.local",
                        "AXES_FAILURE_LIMIT": "five"}
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
        capture_output=True, text=True, check=False,
    )
    assert out.returncode != 0
    assert "five" in out.stderr


@pytest.mark.django_db
def test_security_headers_on_every_page():
    response = Client().get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures():
    user = UserFactory(username="somchai")
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "somchai", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "ระงับชั่วคราว" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    UserFactory(username="somying")
    ok = client.post(reverse("login"), {"username": "somying",
                                        "password": "correct-horse-battery"})
    assert ok.status_code == 302
    assert user.pk


@pytest.mark.django_db
def test_pages_are_thai_by_default_and_english_on_request():
    client = Client()
    assert "เข้าสู่ระบบ" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_wrong_password_gets_a_thai_message():
    UserFactory(username="somsri")
    response = Client().post(reverse("login"), {"username": "somsri", "password": "nope"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_thai_until_the_user_switches():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="th"' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("login")).content.decode()
