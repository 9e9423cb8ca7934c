"""Texts are versioned: a round keeps the version it opened with."""


import pytest
from django.core.exceptions import ValidationError

from assessments.models import Round, RoundCompetency
from assessments.services import round_create
from competency.dictionary.spec import spec_of
from competency.models import Competency, Indicator
from competency.selectors import (
    competencies_with_indicators,
    competency_current,
    competency_versions,
)
from competency.services import competency_in_use, competency_revise, dictionary_plan
from tests.builders import load_catalogue, make_team, round_dates
from tests.factories import CompetencyFactory, RoundCompetencyFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD = "ให้การบริการที่เป็นมิตร สุภาพ"
NEW = "ให้การบริการที่เป็นมิตร สุภาพ และยิ้มแย้ม"


def _text(competency: Competency, level: int, order: int) -> str:
    return Indicator.objects.get(level__competency=competency, level__number=level,
                                 order=order).text_th


def _new_round(agency, slug):
    return round_create(agency=agency, name_th="รอบใหม่", slug=slug, **round_dates(days=30))


def test_editing_after_a_round_opened_makes_a_new_version_the_round_keeps_the_old():
    team = make_team(size=2)
    old = team.competency
    assert competency_in_use(competency=old)
    rev = competency_revise(competency=old, indicators={(1, 1): {"text_th": NEW}},
                            by=UserFactory())
    assert rev.action == "new_version" and rev.changed == ("1.1",)
    new = rev.competency
    assert (new.code, new.version, new.is_active) == ("102", 2, True)
    old.refresh_from_db()
    assert (old.version, old.is_active) == (1, False)
    # The opened round still points at version 1 with the text it opened with.
    pinned = RoundCompetency.objects.get(round=team.rnd).competency
    assert pinned.pk == old.pk and _text(pinned, 1, 1) == OLD
    # Everything else is copied: 14 indicators, the same definition.
    assert spec_of(competencies_with_indicators(ids=[new.pk]).get()).indicator_count() == 14
    assert _text(new, 5, 3) == _text(old, 5, 3)
    # A round created afterwards takes the current version, with the new text.
    later = _new_round(team.agency, "later")
    assert competency_current(code="102") == new
    assert RoundCompetency.objects.get(round=later).competency == new
    assert _text(later.competencies.get(), 1, 1) == NEW


def test_editing_while_no_round_opened_is_in_place():
    load_catalogue()
    sm = Competency.objects.get(code="102")
    draft = _new_round(RoundFactory().agency, "draft")
    assert not competency_in_use(competency=sm)
    rev = competency_revise(competency=sm, fields={"name_en": "Service Mind (rev.)"},
                            level_summaries={2: {"summary_en": "Shows level 1 and solves"}})
    assert (rev.action, rev.competency.pk, rev.competency.version) == ("in_place", sm.pk, 1)
    assert Competency.objects.filter(code="102").count() == 1
    assert RoundCompetency.objects.get(round=draft).competency.name_en == "Service Mind (rev.)"


def test_a_draft_round_moves_to_the_new_version():
    team = make_team(size=2)
    draft = _new_round(team.agency, "draft-after")
    rev = competency_revise(competency=team.competency, indicators={(1, 1): {"text_th": NEW}})
    assert RoundCompetency.objects.get(round=draft).competency == rev.competency
    assert RoundCompetency.objects.get(round=team.rnd).competency == team.competency


def test_a_third_version_and_unchanged_revisions():
    team = make_team(size=2)
    v2 = competency_revise(competency=team.competency,
                           indicators={(1, 1): {"text_th": NEW}}).competency
    assert competency_revise(competency=v2, indicators={(1, 1): {"text_th": NEW}}).action == (
        "unchanged")
    _new_round(team.agency, "uses-v2")
    from assessments.services import round_open

    round_open(rnd=Round.objects.get(slug="uses-v2"))
    v3 = competency_revise(competency=v2, indicators={(5, 4): {"text_th": "ข้อใหม่ระดับ 5"}})
    assert (v3.action, v3.competency.version) == ("new_version", 3)
    assert list(Competency.objects.filter(code="102", is_active=True)) == [v3.competency]
    versions = [(c.version, c.rounds_in_use, c.indicator_count)
                for c in competency_versions().filter(code="102")]
    assert versions == [(3, 0, 15), (2, 1, 14), (1, 1, 14)]


def test_the_preview_says_whether_a_revision_makes_a_new_version():
    team = make_team(size=2)
    free = CompetencyFactory(code="T900")
    specs = []
    for comp in (team.competency, free):
        spec = spec_of(competencies_with_indicators(ids=[comp.pk]).get())
        specs.append(spec.__class__(**{**spec.__dict__, "name_en": "changed"}))
    items = {i["code"]: i for i in dictionary_plan(specs=specs).items}
    assert items["102"]["new_version"] is True and items["102"]["changed"] == ["name_en"]
    assert items["T900"]["new_version"] is False and items["T900"]["action"] == "revise"


@pytest.mark.parametrize(
    "change",
    [
        {"fields": {"name_th": "  "}},
        {"level_summaries": {3: {"summary_th": ""}}},
        {"indicators": {(2, 1): {"text_th": ""}}},
    ],
)
def test_a_revision_refuses_empty_texts(change):
    comp = CompetencyFactory()
    with pytest.raises(ValidationError):
        competency_revise(competency=comp, **change)


def test_draft_rounds_do_not_freeze_a_version():
    comp = CompetencyFactory()
    RoundCompetencyFactory(competency=comp, round__state=Round.State.DRAFT)
    assert not competency_in_use(competency=comp)
    RoundCompetencyFactory(competency=comp, round__state=Round.State.CLOSED)
    assert competency_in_use(competency=comp)


def test_an_old_report_re_renders_byte_identical_after_the_edit():
    from reports.models import ReportSnapshot
    from reports.render import report_html
    from reports.services import round_snapshots_update
    from tests.reports.scenario import rated_round

    rated = rated_round()
    round_snapshots_update(rnd=rated.rnd)
    snap = ReportSnapshot.objects.get(participant=rated.ratee)
    before = report_html(snapshot=snap)
    assert OLD in before
    rev = competency_revise(competency=rated.team.competency,
                            indicators={(1, 1): {"text_th": NEW}},
                            fields={"definition_th": "คำจำกัดความฉบับแก้ไข"})
    assert rev.action == "new_version"
    # Rebuilding the round's snapshots reads the pinned version: nothing changes.
    round_snapshots_update(rnd=rated.rnd)
    again = ReportSnapshot.objects.get(pk=snap.pk)
    assert (again.data_hash, again.version) == (snap.data_hash, snap.version)
    after = report_html(snapshot=again)
    assert after.encode() == before.encode()
    assert NEW not in after and "คำจำกัดความฉบับแก้ไข" not in after
