"""No reveal by difference: results only after release, released figures change
only by re-release, a group that falls below the minimum stays folded, and
comparing outputs before and after a change does not give one rater's answers.

"What the ratee sees" is the report data of their snapshot (every figure of the
page, the PDF and the exports comes from it) and the report page itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assignment, Participant, Round
from assessments.selectors import round_results
from assessments.services import (
    assignment_add,
    assignment_reopen,
    assignment_save,
    round_close,
    round_release,
)
from assessments.services.ratings import round_indicator_ids
from reports.models import ReportSnapshot
from reports.services import round_reports_prepare, round_snapshots_update
from tests.builders import make_team

pytestmark = pytest.mark.django_db

PEER_VALUES = (1, 2, 3, 0)  # distinct per peer, so one peer's answers are recognisable


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Scene:
    team: object
    rnd: Round
    ratee: Participant
    peers: list[Assignment]
    ids: list[int]


def build(*, peers: int = 3, release: bool = True) -> Scene:
    team = make_team(size=1 + peers)
    rnd = team.rnd
    ratee = Participant.objects.get(round=rnd, employee=team.staff[0])
    forms = [assignment_add(participant=ratee, rater=p, group="peer", by=team.hr)
             for p in team.staff[1:]]
    ids = round_indicator_ids(rnd=rnd)
    comp = team.competency.pk
    for form in Assignment.objects.filter(round=rnd):
        value = 3
        if form.participant_id == ratee.pk and form.group == "peer":
            value = PEER_VALUES[[f.pk for f in forms].index(form.pk)]
        assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, value),
                  comments={comp: f"ความเห็น {form.group} {value}"}, submit=True)
    round_close(rnd=rnd)
    if release:
        release_again(rnd)
    return Scene(team=team, rnd=rnd, ratee=ratee, peers=forms, ids=ids)


def release_again(rnd: Round) -> None:
    """HR's (re-)release, with the snapshot hand-off the commit would trigger."""
    round_release(rnd=rnd)
    round_snapshots_update(rnd=rnd)


def seen(scene: Scene) -> dict:
    return ReportSnapshot.objects.get(participant=scene.ratee).data["competencies"][0]


def page(scene: Scene) -> tuple[int, str]:
    client = Client()
    client.force_login(scene.ratee.employee.user)
    response = client.get(reverse("reports:participant_report",
                                  kwargs={"participant_pk": scene.ratee.pk}))
    return response.status_code, response.content.decode()


def peer_means(comp: dict) -> list[float | None]:
    return [ind["group_means"].get("peer") for lv in comp["levels"] for ind in lv["indicators"]]


def resubmit(scene: Scene, form: Assignment, value: int) -> None:
    form.refresh_from_db()
    assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(scene.ids, value),
              submit=True)


def test_results_are_visible_only_after_release():
    s = build(release=False)
    assert page(s)[0] == 404
    client = Client()
    client.force_login(s.ratee.employee.user)
    assert reverse("reports:participant_report", kwargs={"participant_pk": s.ratee.pk}) \
        not in client.get(reverse("assessments:my_results")).content.decode()
    release_again(s.rnd)
    assert page(s)[0] == 200


def test_reopened_form_changes_figures_only_by_re_release():
    s = build()
    before, before_html = seen(s), page(s)[1]
    assert peer_means(before)[0] == pytest.approx(2.0)  # (1 + 2 + 3) / 3

    assignment_reopen(assignment=s.peers[0], by=s.team.hr, reason="ผู้ประเมินแจ้งว่ากรอกผิด")
    assert seen(s) == before  # reopened, not yet resubmitted
    resubmit(s, s.peers[0], 3)
    # HR asks for the reports again without re-releasing: nothing changes.
    round_reports_prepare(rnd=s.rnd, resnapshot=False)
    assert seen(s) == before
    assert page(s)[1].count("ความเห็น peer") == before_html.count("ความเห็น peer")

    release_again(s.rnd)
    after = seen(s)
    # One changed form in a group of three: showing the new mean would give that
    # rater's change ((3 + 2 + 3) - (1 + 2 + 3)); the group is withheld instead.
    assert set(peer_means(after)) == {None}
    assert after != before


def test_a_group_that_falls_below_the_minimum_stays_folded_after_re_release():
    s = build()
    assert "peer" in seen(s)["groups"]
    assignment_reopen(assignment=s.peers[0], by=s.team.hr, reason="ให้ทบทวน")  # never resubmitted
    release_again(s.rnd)
    after = seen(s)
    assert "peer" not in after["groups"] and "others" not in after["groups"]
    assert set(peer_means(after)) == {None}
    assert all(c["group"] not in ("peer", "others") for c in after["comments"])
    # Self and supervisor answered 3: every figure is 3.0, so no peer answer is in any.
    assert {lv["score"] for lv in after["levels"]} == {3.0}
    _, html = page(s)
    assert "ความเห็น peer" not in html


def test_differencing_one_reopened_peer_recovers_nothing():
    """The attack: peer 1's form is reopened and changed, the others fixed; the
    ratee compares what they see before and after."""
    s = build()
    before = seen(s)
    assignment_reopen(assignment=s.peers[0], by=s.team.hr, reason="ทบทวน")
    resubmit(s, s.peers[0], 0)
    # Not re-released: the figures are the same, there is no difference to solve.
    assert seen(s) == before
    # Re-released without the form (reopened again, left unsent): the group is
    # below the minimum and folded, so no "after" peer figure exists to solve
    # peer 1's answers = 3 * before - 2 * after from.
    assignment_reopen(assignment=s.peers[0], by=s.team.hr, reason="ทบทวนอีกครั้ง")
    release_again(s.rnd)
    after = seen(s)
    assert set(peer_means(after)) == {None}
    weights = {"self": 20, "supervisor": 40}
    for lv in after["levels"]:
        for ind in lv["indicators"]:
            # The combined score is self and supervisor only: no hidden part to solve for.
            means = ind["group_means"]
            assert set(means) <= set(weights)
            combined = sum(weights[g] * m for g, m in means.items()) / sum(
                weights[g] for g in means)
            assert ind["score"] == pytest.approx(combined, abs=1e-3)


def test_documented_rules_hold_in_every_plan():
    """'others' is never shown next to a group also in it; a group below the
    minimum is in no figure."""
    for peers in (1, 2, 3, 4):
        s = build(peers=peers)
        result = round_results(rnd=s.rnd, participant_ids=[s.ratee.pk])[s.ratee.pk]
        for comp in result.results.values():
            plan = comp.plan
            pooled = [g for g, shown in plan.shown_as.items() if shown == "others"]
            assert not (set(pooled) & set(plan.weights)), plan
            for group in plan.hidden:
                assert group not in plan.weights
                assert all(group not in m for m in comp.indicator_group_means.values())
            n_peers = sum(1 for _ in s.peers)
            assert ("peer" in plan.weights) == (n_peers >= s.rnd.min_group_size)


def test_differencing_a_group_above_the_minimum_recovers_nothing():
    s = build(peers=4)  # 4 peers: 1, 2, 3, 0
    before = peer_means(seen(s))
    assignment_reopen(assignment=s.peers[3], by=s.team.hr, reason="ทบทวน")  # left unsent
    release_again(s.rnd)
    after = peer_means(seen(s))
    recovered = {round(4 * b - 3 * a, 2) for b, a in zip(before, after, strict=True)
                 if a is not None}
    assert recovered != {float(PEER_VALUES[3])}, "peer 4's answers solved from the difference"
    # The peer group changed by one form (< the minimum of 3): it is withheld.
    assert all(a is None for a in after)


def test_a_resubmitted_form_in_a_group_above_the_minimum_is_withheld_too():
    s = build(peers=4)
    assignment_reopen(assignment=s.peers[0], by=s.team.hr, reason="ทบทวน")
    resubmit(s, s.peers[0], value=3)
    release_again(s.rnd)
    assert all(a is None for a in peer_means(seen(s)))


def test_a_withheld_group_stays_withheld_at_the_next_re_release():
    s = build(peers=4)
    assignment_reopen(assignment=s.peers[3], by=s.team.hr, reason="ทบทวน")
    release_again(s.rnd)
    release_again(s.rnd)  # nothing changed since: still compared with the first release
    assert all(a is None for a in peer_means(seen(s)))
