"""Schema 3 report data: blind spots, top and bottom, agreement, the named
suppressed group; and no new figure for a group below the minimum."""

import csv
import io
import json
from decimal import Decimal

import pytest

from competency.scoring import ScoringRules, group_plan
from reports.exports import dataset_bytes, round_results_dataset
from reports.models import ReportSnapshot
from reports.render import report_html
from reports.services import report_render, round_snapshots_update
from reports.snapshot import round_snapshot_data
from reports.snapshot_insights import suppressed_groups
from tests.reports.pdftext import pdftotext, squeeze
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db

LEVELS_1_2 = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
LEVELS_4_5 = ["4.1", "4.2", "5.1", "5.2", "5.3"]


def test_blind_spots_top_bottom_and_agreement_by_hand():
    r = rated_round()
    comp = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]["competencies"][0]
    # Weights self 20, supervisor 40, peers 20; "others" = supervisor and peers.
    # 3.2: self 3, supervisor 2, peers 1 -> others (40*2 + 20*1) / 60 = 1.6667, gap 1.33.
    # 3.1 and 3.3: self 3, others (40*2 + 20*2) / 60 = 2 -> gap 1.00 (on the threshold).
    # Levels 4-5: self 2, others 1 -> gap 1.00. Levels 1-2: all 3, no gap.
    blind = comp["blind_spots"]
    assert [b["code"] for b in blind] == ["3.2", "3.1", "3.3", *LEVELS_4_5]
    assert (blind[0]["self"], blind[0]["others"], blind[0]["gap"]) == (3.0, 1.6667, 1.3333)
    assert blind[0]["text"].startswith("ให้ข้อมูล ข่าวสาร ที่เกี่ยวข้องกับงาน")
    assert comp["hidden_strengths"] == []
    # Combined: levels 1-2 are 3.00 each (top 5 in the catalogue's order);
    # levels 4-5 (20*2 + 40*1 + 20*1) / 80 = 1.25 each (the bottom 5).
    assert [t["code"] for t in comp["top"]] == LEVELS_1_2[:5]
    assert [b["code"] for b in comp["bottom"]] == LEVELS_4_5
    assert {b["score"] for b in comp["bottom"]} == {1.25}
    assert all(t["text"] for t in comp["top"] + comp["bottom"])
    # Agreement: the three peers only (never self or supervisor).
    assert comp["agreement_groups"] == ["peer"]
    spread = {row["code"]: row["groups"] for row in comp["agreement"]}
    assert spread["3.2"] == {"peer": {"counts": [0, 3, 0, 0], "low": 1, "high": 1}}
    assert spread["1.1"] == {"peer": {"counts": [0, 0, 0, 3], "low": 3, "high": 3}}
    # Level 3 per group: self 3, supervisor 2, peers (2 + 1 + 2) / 3.
    level3 = comp["levels"][2]["group_scores"]
    assert level3 == {"self": 3.0, "supervisor": 2.0, "peer": 1.6667}


def test_the_threshold_is_the_rounds_setting():
    r = rated_round()
    r.rnd.gap_threshold = Decimal("1.20")
    r.rnd.save(update_fields=["gap_threshold"])
    data = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]
    assert data["round"]["gap_threshold"] == 1.2
    assert [b["code"] for b in data["competencies"][0]["blind_spots"]] == ["3.2"]


def test_hidden_strength_when_others_rate_higher():
    r = rated_round()
    # Everyone else rates 3.2 higher than the person: turn the peers' 1s and
    # the supervisor's 2 into 3s and the self rating into 1.
    from assessments.models import Rating

    ind = next(i for lv in round_snapshot_data(rnd=r.rnd)[r.ratee.pk]["competencies"][0]
               ["levels"] for i in lv["indicators"] if i["code"] == "3.2")["id"]
    mine = Rating.objects.filter(assignment__participant=r.ratee, indicator_id=ind)
    mine.exclude(assignment__group="self").update(value=3)
    mine.filter(assignment__group="self").update(value=1)
    comp = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]["competencies"][0]
    assert [(h["code"], h["self"], h["others"], h["gap"]) for h in comp["hidden_strengths"]] \
        == [("3.2", 1.0, 3.0, -2.0)]


def test_suppressed_and_pooled_groups_are_named():
    rules = ScoringRules(group_weights={"self": 20, "supervisor": 40, "peer": 20,
                                        "subordinate": 20, "recipient": 10})
    plan = group_plan(rater_counts={"self": 1, "supervisor": 1, "peer": 2, "subordinate": 1},
                      rules=rules)
    assert suppressed_groups(plan=plan, min_group_size=3, withheld=frozenset()) == [
        {"group": "peer", "reason": "pooled", "count": 2, "minimum": 3},
        {"group": "subordinate", "reason": "pooled", "count": 1, "minimum": 3},
    ]
    plan = group_plan(rater_counts={"self": 1, "peer": 2, "subordinate": 4}, rules=rules,
                      withheld=frozenset({"subordinate"}))
    assert suppressed_groups(plan=plan, min_group_size=3,
                             withheld=frozenset({"subordinate"})) == [
        {"group": "peer", "reason": "small", "count": 2, "minimum": 3},
        {"group": "subordinate", "reason": "withheld", "count": None, "minimum": 3},
    ]


NOTE = "เพื่อนร่วมงานตอบ 2 คน น้อยกว่าเกณฑ์ 3 คน จึงไม่แสดงผลแยกและไม่นำมาคำนวณ"


def test_no_new_figure_for_a_group_below_the_minimum():
    """The small participant's two peers: named once, in no figure (data,
    HTML, PDF text, exports)."""
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.small)
    data = dict(snap.data)
    assert data.pop("suppressed") == [
        {"group": "peer", "reason": "small", "count": 2, "minimum": 3}]
    assert '"peer"' not in json.dumps(data, ensure_ascii=False)
    comp = data["competencies"][0]
    assert comp["agreement"] == [] and comp["agreement_groups"] == []
    assert all(set(lv["group_scores"]) <= {"self", "supervisor"} for lv in comp["levels"])
    html = report_html(snapshot=snap)
    assert html.count("เพื่อนร่วมงาน") == 1 and NOTE in html
    assert 'class="agreement' not in html
    plain = pdftotext(report_render(snapshot=snap).pdf.read())
    assert squeeze(plain).count("เพื่อนร่วมงาน") == 1 and squeeze(NOTE) in squeeze(plain)
    for fmt in ("csv", "xlsx"):
        content = dataset_bytes(data=round_results_dataset(rnd=r.rnd), fmt=fmt)
        if fmt == "csv":
            text = content.decode("utf-8-sig")
            assert "เพื่อนร่วมงาน" not in text and "peer" not in text
            rows = list(csv.reader(io.StringIO(text)))
            assert len(rows) == 1 + r.rnd.participants.count()


def test_report_shows_the_new_sections_in_words():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    html = report_html(snapshot=snap)
    for title in ("จุดบอด: ประเมินตนเองสูงกว่าผู้อื่น", "พฤติกรรมที่ได้คะแนนรวมสูงสุด",
                  "พฤติกรรมที่ได้คะแนนรวมต่ำสุด", "ความสอดคล้องของคำตอบในกลุ่ม",
                  "คะแนนรายระดับตามกลุ่มผู้ประเมิน"):
        assert title in html
    assert "+1.33" in html
    # The old sentence of codes is gone from a schema 3 report.
    assert "ประเมินตนเองสูงกว่าผู้อื่น ข้อ" not in html and 'class="compare"' not in html
    chart = html[html.index('<figure class="group-chart'):]
    chart = chart[:chart.index("</figure>")]
    assert chart.count("<polygon") == 5 + 1  # a peer diamond per level and in the legend
