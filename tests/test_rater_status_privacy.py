"""Nothing a ratee (or their supervisor) can open says which named anonymous
rater has answered, when, or in which order (issue 19).

The ratee knows the names of their peers (the nomination page lists them), so
any per-rater trace (a label, a CSS class, a ``data-*`` attribute, a
``title``, an order, a count next to a name) tells them who answered. A small
crawler starts from the home page, follows same-site links and reads every
page and download (HTML, JSON, PDF text). It runs twice over the same people:
once with peers A and B submitted (in that order) and C with a draft, once
with C and B submitted (in that order) and A with a draft. Group totals are
the same in both worlds, so every page must be the same byte for byte (the
CSRF token aside); on top of that, the row of each named peer must carry no
status word, status class, ``data-*`` or ``title`` at all.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Assignment, Employee, Participant, Round
from assessments.permissions import can_see_rater_statuses
from assessments.services import (
    assignment_add,
    assignment_save,
    round_close,
    round_open,
    round_release,
)
from assessments.services.ratings import round_indicator_ids
from competency.templatetags.thai import person_name
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from tests.builders import make_team
from tests.factories import EmployeeFactory
from tests.reports.pdftext import pdftotext

pytestmark = pytest.mark.django_db

MAX_PAGES = 40
SKIP_PREFIXES = ("/static/", "/admin/", "/i18n/", "/accounts/logout/")
STATUS_CLASS = re.compile(r"\bstatus-(pending|draft|submitted)\b")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _status_words() -> set[str]:
    words = set()
    for lang in ("th", "en"):
        with translation.override(lang):
            for value in Assignment.ACTIVE_STATUSES:
                words.add(str(Assignment.Status(value).label))
    return words | {str(v) for v in Assignment.ACTIVE_STATUSES}


# ---------------------------------------------------------------- a small DOM

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
ROW_TAGS = {"li", "tr", "a", "form", "label", "option"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict
    parent: Node | None
    children: list

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None, [])

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current, [])
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    return tree.root


def _row_of(node: Node) -> Node:
    """The smallest element that stands for one listed person: a list item,
    a table row, a link, a form ... or a list-group item."""
    while node.parent is not None:
        classes = node.attrs.get("class", "").split()
        if node.tag in ROW_TAGS or "list-group-item" in classes:
            return node
        node = node.parent
    return node


NAME_PART = re.compile(r'<span class="text-nowrap">([^<]*)</span>')


def named_rater_traces(html: str, names: list[str], words: set[str]) -> list[str]:
    """What the row of a named anonymous rater says about their form."""
    found = []
    html = NAME_PART.sub(r"\1", html)  # a name is one text again (the person_name filter)
    for node in parse(html).walk():
        own = "".join(c for c in node.children if isinstance(c, str))
        for name in names:
            if name not in own:
                continue
            row = _row_of(node)
            text = row.text()
            for word in words:
                if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
                    found.append(f"{name}: the word {word!r} in {text.strip()[:120]!r}")
            for el in row.walk():
                for attr, value in el.attrs.items():
                    if attr == "class" and STATUS_CLASS.search(value):
                        found.append(f"{name}: class {value!r}")
                    elif attr.startswith("data-") or attr == "title":
                        found.append(f"{name}: {attr}={value!r}")
    return found


# ---------------------------------------------------------------- the crawler

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _links(html: str, base: str) -> list[str]:
    out = []
    for node in parse(html).walk():
        href = node.attrs.get("href") if node.tag == "a" else None
        if not href:
            continue
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
            continue
        if url.path.startswith(SKIP_PREFIXES):
            continue
        out.append(url.path + (f"?{url.query}" if url.query else ""))
    return out


def _xlsx_text(content: bytes) -> str:
    """Every sheet's cells as text (the file's own timestamps aside)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        f"{sheet.title}: " + "\t".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


def crawl(user, seeds: list[str]) -> dict[str, tuple[str, str]]:
    """url -> (kind, content as text) of every page and download reached."""
    client = Client()
    client.force_login(user)
    seen: dict[str, tuple[str, str]] = {}
    queue = list(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200:
            seen[url] = ("status", str(response.status_code))
            continue
        kind = response["Content-Type"].split(";")[0]
        body = (b"".join(response.streaming_content) if response.streaming
                else response.content)
        if kind == "application/pdf":
            seen[url] = (kind, pdftotext(body))
        elif kind == "text/html":
            html = body.decode()
            seen[url] = (kind, CSRF.sub(r'\1-"', html))
            queue.extend(u for u in _links(html, url) if u not in seen)
        elif kind.startswith("application/vnd.openxmlformats"):
            seen[url] = (kind, _xlsx_text(body))
        else:
            seen[url] = (kind, body.decode())
    assert len(seen) < MAX_PAGES, "the crawl hit its bound: raise it or narrow the seeds"
    return seen


# ---------------------------------------------------------------- the round


@dataclass
class Scene:
    rnd: Round
    ratee: Participant
    ratee_user: object
    boss_user: object
    hr: object
    peers: list[Employee]
    forms: dict[int, Assignment]  # peer pk -> their form about the ratee
    ids: list[int]


def build() -> Scene:
    team = make_team(size=1, open_round=False)
    mid = team.staff[0]
    # Peers of the ratee, not staff of the same supervisor: the supervisor
    # legitimately sees their own staff's self forms.
    peers = [EmployeeFactory(unit=team.unit) for _ in range(3)]
    rnd = round_open(rnd=team.rnd)
    ratee = Participant.objects.get(round=rnd, employee=mid)
    forms = {p.pk: assignment_add(participant=ratee, rater=p, group="peer", by=team.hr)
             for p in peers}
    ids = round_indicator_ids(rnd=rnd)
    # The known people's forms are the same in both worlds.
    for form in Assignment.objects.filter(participant=ratee, group__in=["self", "supervisor"]):
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 2),
                        submit=True)
    return Scene(rnd=rnd, ratee=ratee, ratee_user=mid.user, boss_user=team.boss.user,
                 hr=team.hr, peers=peers, forms=forms, ids=ids)


def play(s: Scene, order: list[tuple[int, bool]]) -> None:
    """Peers (by index) save their form in this order, submitting or not."""
    for index, submit in order:
        peer = s.peers[index]
        form = Assignment.objects.get(pk=s.forms[peer.pk].pk)
        assignment_save(assignment=form, rater=peer, answers=dict.fromkeys(s.ids, 2),
                        submit=submit)


WORLDS = {
    "A, B submitted; C draft": [(0, True), (1, True), (2, False)],
    "C, B submitted; A draft": [(2, True), (1, True), (0, False)],
}


def _seeds(s: Scene) -> list[str]:
    nominate = reverse("assessments:nominate", args=[s.ratee.pk])
    # The search lists the peers too; pages reachable by typing, not only by links.
    return ["/", nominate, f"{nominate}?q=", f"{nominate}?q={s.peers[0].first_name[:3]}",
            reverse("reports:participant_report", args=[s.ratee.pk])]


def observe(s: Scene, *, released: bool) -> dict[str, dict]:
    """Crawl as the ratee and as their supervisor in each world, rolled back between."""
    seen = {}
    # Both worlds' reports are built at the same moment, as far as anyone can
    # tell: the build time is HR's doing, not a rater's.
    built = timezone.now()
    for world, order in WORLDS.items():
        sid = transaction.savepoint()
        play(s, order)
        if released:
            round_close(rnd=s.rnd)
            round_release(rnd=s.rnd)
            round_snapshots_update(rnd=Round.objects.get(pk=s.rnd.pk))
            ReportSnapshot.objects.filter(round=s.rnd).update(issued_at=built)
        seen[world] = {who: crawl(user, _seeds(s))
                       for who, user in (("ratee", s.ratee_user), ("supervisor", s.boss_user))}
        transaction.savepoint_rollback(sid)
    return seen


def assert_no_trace(s: Scene, seen: dict[str, dict]) -> None:
    names = [p.full_name for p in s.peers]
    words = _status_words()
    first, second = seen.values()
    for who in ("ratee", "supervisor"):
        pages = first[who]
        assert set(pages) == set(second[who]), f"{who}: other pages reachable"
        reached = [u for u, (kind, _c) in pages.items() if kind != "status"]
        assert reached, f"{who}: the crawl reached nothing"
        for url, (kind, content) in pages.items():
            assert content == second[who][url][1], (
                f"{who}: {url} differs when other named peers have answered")
            if kind == "text/html":
                traces = named_rater_traces(content, names, words)
                assert not traces, f"{who}: {url}: {traces}"


def test_nothing_reveals_which_named_peer_answered_during_the_round():
    s = build()
    seen = observe(s, released=False)
    assert_no_trace(s, seen)
    ratee_pages = next(iter(seen.values()))["ratee"]
    nominate = reverse("assessments:nominate", args=[s.ratee.pk])
    # The page that leaked (the badge's class was the form's status) was read,
    # and it lists every peer by name.
    assert all(person_name(p.full_name) in ratee_pages[nominate][1] for p in s.peers)
    assert reverse("assessments:my_forms") in ratee_pages


def test_nothing_reveals_which_named_peer_answered_after_release():
    s = build()
    seen = observe(s, released=True)
    assert_no_trace(s, seen)
    ratee_pages = next(iter(seen.values()))["ratee"]
    pdf = reverse("reports:participant_report_pdf", args=[s.ratee.pk])
    assert ratee_pages[pdf][0] == "application/pdf"  # the download was read as text
    assert reverse("my_data") in ratee_pages


def test_the_trace_finder_sees_the_old_nominate_badge():
    """The row check itself: the badge of today's nominate page (before the
    fix) is caught by its class alone, the label being neutral."""
    html = ('<ul><li class="py-1">นายก ข <span class="small">· เพื่อนร่วมงาน</span> '
            '<span class="badge status-submitted">อนุมัติแล้ว</span></li></ul>')
    assert named_rater_traces(html, ["นายก ข"], _status_words()) == [
        "นายก ข: class 'badge status-submitted'"]
    assert named_rater_traces(html.replace("status-submitted", "status-approved"),
                              ["นายก ข"], _status_words()) == []


def test_who_sees_rater_statuses(client):
    """HR chases raters one by one; the person and their supervisor do not."""
    s = build()
    play(s, WORLDS["A, B submitted; C draft"])
    assert can_see_rater_statuses(s.hr, s.ratee)
    assert not can_see_rater_statuses(s.ratee_user, s.ratee)
    assert not can_see_rater_statuses(s.boss_user, s.ratee)
    nominate = reverse("assessments:nominate", args=[s.ratee.pk])
    client.force_login(s.hr)
    body = client.get(nominate).content.decode()
    assert body.count("status-submitted") == 2 and body.count("status-draft") == 1
    client.force_login(s.boss_user)
    body = client.get(nominate).content.decode()
    assert "status-submitted" not in body and body.count("status-approved") == 3


def test_supervisor_sees_a_group_total_only_at_the_minimum(client):
    s = build()
    play(s, WORLDS["A, B submitted; C draft"])
    client.force_login(s.boss_user)
    team = reverse("assessments:team")
    body = client.get(team).content.decode()
    assert "เพื่อนร่วมงาน: ส่งแล้วยังไม่ถึง 3 ฉบับ (จาก 3 ฉบับ)" in body
    assert "ส่งแล้ว 2 จาก 3" not in body
    play(s, [(2, True)])
    body = client.get(team).content.decode()
    assert "เพื่อนร่วมงาน: ส่งแล้ว 3 จาก 3 ฉบับ" in body
