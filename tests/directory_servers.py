"""Real directory servers on loopback for the sign-in tests: OpenLDAP's slapd and
an OpenID provider (npm oidc-provider, tests/oidc/provider.mjs).

Each runs from a temporary directory on a free port and is stopped by the
fixture that started it. Missing binaries skip the tests on a developer's
machine only: scripts/setup installs them, so in CI (CI set) they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
SLAPD = "/usr/sbin/slapd"
OIDC_DIR = ROOT / "tests" / "oidc"
LDAP_SUFFIX = "dc=example,dc=go,dc=th"
LDAP_ROOT_DN = f"cn=admin,{LDAP_SUFFIX}"
LDAP_BIND_DN = f"cn=portal,{LDAP_SUFFIX}"
LDAP_BIND_PASSWORD = "portal-bind-secret"
LDAP_PEOPLE = f"ou=people,{LDAP_SUFFIX}"
STARTUP_SECONDS = 15


def require(binary: str) -> None:
    """Skip when ``binary`` is absent, except in CI, where that is a failure."""
    if shutil.which(binary) or Path(binary).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{binary} is missing: scripts/setup installs it")
    pytest.skip(f"{binary} is not installed (scripts/setup installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)  # polling for readiness, bounded by the deadline
    raise RuntimeError(f"{what} did not listen on {port} within {STARTUP_SECONDS} s")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- OpenLDAP -------------------------------------------------------------------------

@dataclass
class LdapPerson:
    uid: str
    password: str
    employee_number: str | None

    @property
    def dn(self) -> str:
        return f"uid={self.uid},{LDAP_PEOPLE}"


def _ldif(people: list[LdapPerson]) -> str:
    blocks = [
        f"dn: {LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\n"
        "o: Example agency\ndc: example",
        f"dn: {LDAP_PEOPLE}\nobjectClass: organizationalUnit\nou: people",
        f"dn: {LDAP_BIND_DN}\nobjectClass: organizationalRole\n"
        f"objectClass: simpleSecurityObject\ncn: portal\nuserPassword: {LDAP_BIND_PASSWORD}",
    ]
    for p in people:
        number = f"\nemployeeNumber: {p.employee_number}" if p.employee_number else ""
        blocks.append(
            f"dn: {p.dn}\nobjectClass: inetOrgPerson\nuid: {p.uid}\ncn: {p.uid}\n"
            f"sn: {p.uid}\nuserPassword: {p.password}{number}"
        )
    return "\n\n".join(blocks) + "\n"


@contextmanager
def slapd(tmp: Path, people: list[LdapPerson]):
    """slapd with its own slapd.conf and database under ``tmp``; yields its URI."""
    require(SLAPD)
    require("ldapadd")
    (tmp / "db").mkdir(parents=True)
    conf = tmp / "slapd.conf"
    conf.write_text(
        "include /etc/ldap/schema/core.schema\n"
        "include /etc/ldap/schema/cosine.schema\n"
        "include /etc/ldap/schema/inetorgperson.schema\n"
        "modulepath /usr/lib/ldap\nmoduleload back_mdb\n"
        f"pidfile {tmp / 'slapd.pid'}\n"
        # Users may bind (auth) and read entries; only the root DN writes.
        "access to attrs=userPassword by anonymous auth by * none\n"
        "access to * by users read by * none\n"
        "database mdb\nmaxsize 10485760\n"
        f'suffix "{LDAP_SUFFIX}"\nrootdn "{LDAP_ROOT_DN}"\nrootpw root-secret\n'
        f"directory {tmp / 'db'}\n"
    )
    port = free_port()
    uri = f"ldap://127.0.0.1:{port}/"
    # -d 0: stay in the foreground (the fixture owns the process), log nothing.
    log = (tmp / "slapd.log").open("w")
    process = subprocess.Popen([SLAPD, "-h", uri, "-f", str(conf), "-d", "0"],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, process, "slapd")
        subprocess.run(
            ["ldapadd", "-x", "-H", uri, "-D", LDAP_ROOT_DN, "-w", "root-secret"],
            input=_ldif(people), text=True, check=True, capture_output=True, timeout=10,
        )
        yield uri
    finally:
        _stop(process)
        log.close()


# --- OpenID provider ------------------------------------------------------------------

@dataclass
class OidcProvider:
    issuer: str
    client_id: str
    client_secret: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


@contextmanager
def oidc_provider(tmp: Path, *, redirect_uris: list[str], accounts: dict):
    """tests/oidc/provider.mjs with one confidential client; yields an OidcProvider.

    ``accounts``: login -> {"password": ..., "claims": {...}}.
    """
    require("node")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        if os.environ.get("CI"):
            pytest.fail("tests/oidc/node_modules is missing: scripts/setup runs npm ci there")
        pytest.skip("tests/oidc/node_modules is missing (scripts/setup runs npm ci)")
    client = {"client_id": "competency360", "client_secret": "client-secret-for-tests",
              "redirect_uris": redirect_uris}
    config = tmp / "provider.json"
    config.write_text(json.dumps({"port": 0, "clients": [client], "accounts": accounts}))
    log = (tmp / "provider.log").open("w")
    process = subprocess.Popen(["node", str(OIDC_DIR / "provider.mjs"), str(config)],
                               cwd=OIDC_DIR, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        # The script prints "listening <port>" once the socket is open.
        line = process.stdout.readline().split()
        if len(line) != 2 or line[0] != "listening":
            _stop(process)
            raise RuntimeError(f"provider.mjs did not start: {log.name}")
        yield OidcProvider(issuer=f"http://127.0.0.1:{line[1]}",
                           client_id=client["client_id"], client_secret=client["client_secret"])
    finally:
        _stop(process)
        log.close()


def configure_oidc(settings, provider: OidcProvider) -> None:
    """Django settings (pytest-django's fixture) as OIDC_* variables would set them."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_DISCOVERY_URL = provider.issuer
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", "")
    settings.OIDC_EMPLOYEE_CLAIM = "email"
    settings.OIDC_EMPLOYEE_MATCH = "email"
    settings.OIDC_PROVIDER_NAME = "Test ID"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "assessments.signin.oidc.EmployeeOIDCBackend",
        "assessments.signin.local.LocalPasswordPolicy",
        "django.contrib.auth.backends.ModelBackend",
    ]


def provider_sign_in(start_url: str, login: str, password: str, portal: str) -> str:
    """Be the browser at the provider: from the portal's redirect to the provider,
    through its login form, to the address it sends the browser back to on
    ``portal`` (returned, not followed)."""
    browser = requests.Session()
    page = browser.get(start_url, timeout=10)
    page.raise_for_status()
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    response = browser.post(urljoin(page.url, action), timeout=10, allow_redirects=False,
                            data={"login": login, "password": password})
    for _ in range(10):
        assert response.is_redirect, response.text
        location = urljoin(response.url, response.headers["location"])
        if location.startswith(portal):
            return location
        response = browser.get(location, timeout=10, allow_redirects=False)
    raise AssertionError("the provider never sent the browser back")
