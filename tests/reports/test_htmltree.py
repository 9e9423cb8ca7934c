"""The report's fast tree builder gives WeasyPrint the tree its own HTML5 parser would."""

import pytest
import tinyhtml5
from django.conf import settings
from weasyprint import HTML

from assessments.models import Participant
from reports.htmltree import SVG, html_tree, weasyprint_html
from reports.models import ReportSnapshot
from reports.render import renderer, report_html
from reports.services import round_snapshots_update
from tests.reports.multi_scenario import multi_round, next_round, shown_up_to
from tests.reports.scenario import rated_round


def reference_tree(html: str):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def difference(a, b, path="html") -> str | None:
    """Where two element trees differ (tag, attributes, text, tail, children), or None."""
    for what, x, y in (("tag", a.tag, b.tag), ("attributes", a.attrib, b.attrib),
                       ("text", a.text or "", b.text or ""), ("tail", a.tail or "", b.tail or "")):
        if x != y:
            return f"{path}: {what} {x!r} != {y!r}"
    if len(a) != len(b):
        return f"{path}: children {[c.tag for c in a]} != {[c.tag for c in b]}"
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        found = difference(x, y, f"{path}/{x.tag}[{i}]")
        if found:
            return found
    return None


@pytest.mark.parametrize("html", [
    '<!doctype html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n<title>ก &amp; ข</title>\n'
    '</head>\n<body class="a">\n<p>x<br>y &lt;z&gt; &#x27;q&#x27;</p>\n</body>\n</html>\n',
    '<html><head></head><body><table class="facts"><tr><th>ก</th><td colspan="3">ข</td></tr>'
    '<tr><td>1</td></tr></table><table><thead><tr><th>h</th></tr></thead>'
    '<tbody class="level"><tr><td>1</td></tr></tbody></table></body></html>',
    '<html><head></head><body><svg viewBox="0 0 10 10" role="img" aria-label="ก">'
    '<line x1="0" x2="1" y1="0" y2="1" stroke="#000"/><rect x="1" y="1" width="2" height="2"/>'
    '<text x="1" y="2" text-anchor="middle" font-size="12">ระดับ ๑</text></svg>'
    '<p>after</p></body></html>',
    '<html><head></head><body><p>no such end</span> ok</p></body></html>  \n',
])
def test_same_tree_as_the_html5_parser(html):
    assert difference(reference_tree(html), html_tree(html)) is None


def test_svg_elements_get_the_svg_namespace_and_their_camel_case():
    root = html_tree('<html><head></head><body><svg viewBox="0 0 1 1"><text>ก</text></svg>'
                     '</body></html>')
    svg = root.find("body")[0]
    assert svg.tag == f"{SVG}svg" and svg.get("viewBox") == "0 0 1 1"
    assert svg[0].tag == f"{SVG}text"


@pytest.mark.django_db
def test_every_kind_of_report_gives_the_reference_tree_and_the_same_pdf():
    single = rated_round()
    digits = rated_round(thai_digits=True)
    plan = {"102": shown_up_to(3), "101": shown_up_to(2), "105": shown_up_to(1)}
    team = multi_round(plan=plan)
    later = next_round(team=team, plan=plan)  # with the previous round's progress
    participants = [single.ratee, single.small, digits.ratee,
                    *Participant.objects.filter(round=later)]
    for participant in participants:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
    snapshots = ReportSnapshot.objects.filter(participant__in=participants)
    assert len(snapshots) == len(participants)
    for snap in snapshots:
        html = report_html(snapshot=snap)
        assert difference(reference_tree(html), html_tree(html)) is None, snap.participant
    snap = snapshots.filter(participant__round=later).first()
    assert snap.data["competencies"][0].get("previous")
    html = report_html(snapshot=snap)
    render = renderer()
    fast = weasyprint_html(html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=render.stylesheets, font_config=render.font_config)
    upstream = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=render.stylesheets, font_config=render.font_config)
    assert fast == upstream
