import json

import pytest

from assessments.models import Assignment, Round
from assessments.services import assignment_reopen, assignment_save, round_release
from reports.models import ReportSnapshot
from reports.services import round_snapshots_update
from reports.snapshot import SCHEMA_VERSION, data_hash, round_snapshot_data
from tests.reports.scenario import HIDDEN_COMMENT, PEER_COMMENTS, answers_for, rated_round

pytestmark = pytest.mark.django_db


def test_snapshot_holds_facts_figures_and_texts():
    r = rated_round()
    data = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["agency"]["name"] == r.team.agency.name_th
    assert data["person"]["name"] == r.ratee.employee.full_name
    assert data["person"]["unit"] == r.ratee.unit_name
    assert data["person"]["position_type"] == "วิชาการ"
    assert data["assessor"]["name"] == r.team.boss.full_name
    assert data["rater_counts"] == [
        {"group": "self", "count": 1}, {"group": "supervisor", "count": 1},
        {"group": "peer", "count": 3},
    ]
    comp = data["competencies"][0]
    assert comp["code"] == "102" and comp["definition"].startswith("ความตั้งใจ")
    assert [len(level["indicators"]) for level in comp["levels"]] == [4, 2, 3, 2, 3]
    first = comp["levels"][0]["indicators"][0]
    assert first["text"] == "ให้การบริการที่เป็นมิตร สุภาพ"
    assert first["group_means"] == {"self": 3.0, "supervisor": 3.0, "peer": 3.0}
    assert comp["levels"][0]["summary"]
    # Levels 1-3 reach the pass mark, 4 does not: shown 3, expected 2 (ชำนาญการ), 3 points.
    assert comp["shown_level"] == 3 and comp["expected_level"] == 2 and comp["gap_points"] == 3
    assert [lv["attained"] for lv in comp["levels"]] == [True, True, True, False, False]
    assert comp["next_level"] == 4
    assert {b["code"] for b in comp["blocking"]} == {"4.1", "4.2"}
    assert all(b["text"] for b in comp["blocking"])
    assert comp["strengths"] and comp["development"][0]["code"] in {"4.1", "4.2"}
    # Self 2.0 vs supervisor and peers 1.0 on level 4: "others" is their weighted mean.
    ind = comp["levels"][3]["indicators"][0]
    assert ind["self"] == 2.0 and ind["others"] == 1.0
    json.dumps(data)  # plain JSON


def test_comments_of_shown_groups_without_names_in_a_stable_shuffled_order():
    r = rated_round()
    comp = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]["competencies"][0]
    groups = [c["group"] for c in comp["comments"]]
    assert groups == ["supervisor", "peer", "peer", "peer"]
    assert sorted(c["text"] for c in comp["comments"][1:]) == sorted(PEER_COMMENTS)
    assert all(set(c) == {"group", "text"} for c in comp["comments"])
    again = round_snapshot_data(rnd=r.rnd)[r.ratee.pk]["competencies"][0]["comments"]
    assert again == comp["comments"]
    text = json.dumps(round_snapshot_data(rnd=r.rnd)[r.ratee.pk], ensure_ascii=False)
    for peer in r.team.staff[1:]:
        assert peer.first_name not in text


def test_group_below_minimum_appears_nowhere():
    r = rated_round()
    data = round_snapshot_data(rnd=r.rnd)[r.small.pk]
    assert data["rater_counts"] == [
        {"group": "self", "count": 1}, {"group": "supervisor", "count": 1},
    ]
    comp = data["competencies"][0]
    assert comp["groups"] == ["self", "supervisor"]
    # The peers are named (how many, why not shown) and in nothing else.
    data = dict(data)
    assert data.pop("suppressed") == [
        {"group": "peer", "reason": "small", "count": 2, "minimum": 3}]
    text = json.dumps(data, ensure_ascii=False)
    assert '"peer"' not in text
    means = [ind["group_means"] for lv in comp["levels"] for ind in lv["indicators"]]
    assert all(set(m) == {"self", "supervisor"} for m in means)
    assert HIDDEN_COMMENT not in text
    # The combined score is built from self and supervisor only (weights 20/40):
    # level 3.2 has self 3, supervisor 2 -> 2.33; peers' 1s would pull it down.
    ind = comp["levels"][2]["indicators"][1]
    assert ind["score"] == pytest.approx((20 * 3 + 40 * 2) / 60, abs=1e-4)


def test_hash_is_stable_and_canonical():
    r = rated_round()
    one = round_snapshot_data(rnd=r.rnd)
    two = round_snapshot_data(rnd=r.rnd)
    assert {p: data_hash(d) for p, d in one.items()} == {p: data_hash(d) for p, d in two.items()}
    data = one[r.ratee.pk]
    reordered = json.loads(json.dumps(data, sort_keys=False))
    reordered = dict(reversed(list(reordered.items())))
    assert data_hash(reordered) == data_hash(data)
    assert len(data_hash(data)) == 64


def test_whole_round_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    r = rated_round()
    with django_assert_max_num_queries(25):  # 22 + form fingerprints, baselines, answer counts
        round_snapshots_update(rnd=r.rnd)
    assert ReportSnapshot.objects.filter(round=r.rnd).count() == r.rnd.participants.count()


def test_re_release_only_re_snapshots_changed_people():
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    before = {s.participant_id: (s.data_hash, s.version, s.issued_at)
              for s in ReportSnapshot.objects.filter(round=r.rnd)}
    # HR reopens one peer form of the ratee; the peer lowers every answer and resubmits.
    form = Assignment.objects.get(participant=r.ratee, rater=r.team.staff[1])
    assignment_reopen(assignment=form, by=r.team.hr, reason="กรอกผิด")
    form.refresh_from_db()
    assignment_save(assignment=form, rater=form.rater, answers=answers_for(r.rnd, "peer", bump=-1),
              submit=True)
    # Not re-released yet: the released snapshot stays as it was.
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert snap.data_hash == before[r.ratee.pk][0]

    rnd = round_release(rnd=r.rnd)
    to_render = round_snapshots_update(rnd=rnd)
    after = {s.participant_id: (s.data_hash, s.version, s.issued_at)
             for s in ReportSnapshot.objects.filter(round=rnd)}
    changed = {pid for pid in after if after[pid] != before[pid]}
    assert changed == {r.ratee.pk}
    assert after[r.ratee.pk][1] == before[r.ratee.pk][1] + 1
    assert ReportSnapshot.objects.get(participant=r.ratee).pk in to_render


def test_nothing_before_the_round_closes():
    r = rated_round(state=Round.State.OPEN)
    assert round_snapshots_update(rnd=r.rnd) == []
    assert not ReportSnapshot.objects.exists()


def _v1_snapshot() -> ReportSnapshot:
    """A schema-1 snapshot (three competencies) as the pipeline stored it before
    schema 2: tests/reports/data/snapshot_v1.json, written by the schema-1 code."""
    import datetime as dt
    from pathlib import Path

    stored = json.loads((Path(__file__).parent / "data" / "snapshot_v1.json").read_text("utf-8"))
    assert stored["schema_version"] == 1 and data_hash(stored["data"]) == stored["data_hash"]
    return ReportSnapshot(
        schema_version=1, data=stored["data"], data_hash=stored["data_hash"],
        issued_at=dt.datetime.fromisoformat(stored["issued_at"]),
    )


def test_a_schema_1_snapshot_still_renders_the_same_way_every_time():
    from reports.render import report_html, report_pdf
    from tests.reports.pdftext import pdftotext, squeeze

    snap = _v1_snapshot()
    assert SCHEMA_VERSION > snap.schema_version
    assert "previous" not in snap.data["competencies"][0] and "band" not in snap.data["summary"]
    html = report_html(snapshot=snap)
    assert html == report_html(snapshot=_v1_snapshot())  # re-renders identically
    # Summary page with the figures schema 1 had; no band line and no progress block.
    assert html.index('class="summary"') < html.index('class="competency')
    assert "คิดเป็นร้อยละ" not in html and 'class="progress-box' not in html
    plain = pdftotext(report_pdf(snapshot=snap))
    flat = squeeze(plain)
    for comp in snap.data["competencies"]:
        assert squeeze(comp["name"]) in flat
        for level in comp["levels"]:
            for ind in level["indicators"]:
                assert squeeze(ind["text"]) in flat
    assert "23.33" in plain and "7 / 9" in plain
