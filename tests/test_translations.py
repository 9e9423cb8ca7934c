"""The English translation: complete, current with the source, and used by the pages.

Thai is the source language (every msgid is Thai), so an English page that
still shows Thai script outside of people's data has a string that is not
marked for translation or not translated.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from tests.factories import EmployeeFactory

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
THAI = re.compile(r"[\u0E00-\u0E7F]+")
# A literal per cent sign (%%) may be written in English where Thai has none.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|%d")
# The switch back to Thai is labelled in Thai on purpose.
THAI_SWITCH = re.compile(r'<button[^>]*name="language" value="th"[^>]*>ภาษาไทย</button>')


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (list), flags; header left out.

    A small parser so the project needs no polib.
    """
    entries, entry, field = [], None, None

    def close():
        if entry and "msgid" in entry and entry["msgid"]:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line or (line.startswith("#") and field is not None):
            close()
            entry, field = None, None
            if not line:
                continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt"):
            field = "msgctxt"
            entry[field] = _unquote(line)
        elif line.startswith("msgid_plural"):
            field = "msgid_plural"
            entry[field] = _unquote(line)
        elif line.startswith("msgid"):
            field = "msgid"
            entry[field] = _unquote(line)
        elif line.startswith("msgstr"):
            index = int(line[7:line.index("]")]) if line.startswith("msgstr[") else 0
            field = ("msgstr", index)
            entry["msgstr"][index] = _unquote(line)
        elif line.startswith('"'):
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
    return entries


def test_every_msgid_has_an_english_translation():
    entries = parse_po(PO)
    assert len(entries) > 500
    problems = []
    for e in entries:
        strings = list(e["msgstr"].values())
        if e["obsolete"]:
            problems.append(("obsolete", e["msgid"]))
        elif "fuzzy" in e["flags"]:
            problems.append(("fuzzy", e["msgid"]))
        elif not strings or not all(s.strip() for s in strings):
            problems.append(("empty", e["msgid"]))
        elif "msgid_plural" in e and len(strings) != 2:
            problems.append(("plural forms", e["msgid"]))
        else:
            wanted = set(PLACEHOLDER.findall(e["msgid"]))
            if any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
                problems.append(("placeholders", e["msgid"]))
    assert problems == []


def test_po_header_is_english_with_two_plural_forms():
    text = PO.read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text
    assert "nplurals=2; plural=(n != 1);" in text
    assert "#, fuzzy\nmsgid \"\"" not in text  # a fuzzy header makes gettext ignore the file


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_po_holds_exactly_the_strings_of_the_source(tmp_path):
    """makemessages on a copy of the sources yields the same msgids as the committed .po."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT, copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "media", ".test-media", "staticfiles",
                                      "node_modules", "__pycache__", "*.sqlite3", "*.mo"),
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete",
         "--ignore=.venv", "--ignore=bench", "--ignore=tests"],
        cwd=copy, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.local",
             "DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.sqlite3")},
    )
    assert out.returncode == 0, out.stderr

    def keys(path):
        return {(e.get("msgctxt"), e["msgid"]) for e in parse_po(path) if not e["obsolete"]}

    fresh, committed = keys(copy / PO.relative_to(ROOT)), keys(PO)
    assert {"missing from the .po": fresh - committed, "stale in the .po": committed - fresh} == {
        "missing from the .po": set(), "stale in the .po": set()}


@pytest.fixture(scope="module")
def english_catalog():
    """The compiled catalogue (.mo files are not committed): build it when missing or stale."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "*/.venv/*"],
                     verbosity=0)
        trans_real._translations = {}  # a catalogue loaded before compiling would be empty
        trans_real._default = None
    return MO


def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def thai_left(html: str) -> list[str]:
    return THAI.findall(THAI_SWITCH.sub("", html))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "privacy", "home"])
def test_public_pages_in_english_have_no_thai(english_catalog, url_name):
    response = english_client().get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert thai_left(html) == []


@pytest.mark.django_db
def test_failed_login_message_is_english(english_catalog):
    response = english_client().post(reverse("login"), {"username": "nobody", "password": "x"})
    html = response.content.decode()
    assert "Incorrect username or password" in html
    assert thai_left(html) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", [
    "home", "assessments:my_forms", "assessments:my_results", "assessments:team",
    "assessments:nominations",
])
def test_own_pages_of_a_new_employee_in_english_have_no_thai(english_catalog, url_name):
    me = EmployeeFactory(title="Ms", first_name="Suda", last_name="Jaingam")
    client = english_client()
    client.force_login(me.user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert thai_left(response.content.decode()) == []


@pytest.mark.django_db
def test_thai_stays_the_default_without_the_cookie(english_catalog):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("login")).content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
