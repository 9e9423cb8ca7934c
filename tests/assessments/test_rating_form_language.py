"""The rating form on the English page reads the catalogue's English where it
has it. The finding: the English form headed its competency "การบริการที่ดี"
with the Thai definition although the Service Mind catalogue holds "Service
Mind" and its English definition; the indicators, which the catalogue has
only in Thai (the official text), stay Thai."""

import pytest
from django.urls import reverse

from assessments.models import Assignment
from competency.models import Indicator
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def page(client, team, language: str) -> str:
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    client.force_login(team.staff[0].user)
    client.cookies["django_language"] = language
    return client.get(reverse("assessments:rate", args=[form.pk])).content.decode()


def test_the_english_form_names_and_defines_the_competency_in_english(client):
    team = make_team(size=1)
    c = team.competency
    assert c.name_en and c.definition_en  # the fixture has them
    first = Indicator.objects.filter(level__competency=c).order_by("level__number", "order")[0]
    body = page(client, team, "en")
    assert f'<h2 class="h5 mb-0">{c.name_en}</h2>' in body
    assert c.definition_en in body and c.definition_th not in body
    assert f"Additional comments ({c.name_en})" in body
    assert first.text_th in body  # no English in the catalogue: the official Thai


def test_an_english_indicator_text_is_used_and_the_thai_page_is_unchanged(client):
    team = make_team(size=1)
    first = Indicator.objects.filter(level__competency=team.competency).order_by(
        "level__number", "order")[0]
    Indicator.objects.filter(pk=first.pk).update(text_en="Serves in a friendly, polite way")
    assert "Serves in a friendly, polite way" in page(client, team, "en")
    thai = page(client, team, "th")
    assert team.competency.name_th in thai and team.competency.definition_th in thai
    assert first.text_th in thai and "Serves in a friendly" not in thai
