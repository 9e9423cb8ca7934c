"""The rating form writes its radio buttons by hand (RatingForm.scale_html):
the same markup as RadioSelect plus the page's labels, in every state."""

import pytest
from django.test.html import parse_html
from django.urls import reverse
from django.utils.html import escape

from assessments.forms import NO_BASIS, RatingForm
from assessments.models import Assignment
from assessments.selectors import round_competencies, round_competencies_cached
from assessments.services import assignment_save
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def widget_markup(field) -> str:
    """What the template made of the RadioSelect before scale_html."""
    out = []
    for radio in field:
        value = radio.data["value"]
        nb = value == NO_BASIS
        num = "" if nb else f'<span class="scale-num">{value}</span>'
        out.append(
            f'{radio.tag()}<label class="btn btn-outline-primary scale-btn'
            f'{" scale-nb" if nb else ""}" for="{radio.id_for_label}" '
            # The scale's words as a tooltip too (the phone row shows only numbers).
            f'title="{escape(radio.choice_label)}">{num}'
            f'<span class="scale-label">{radio.choice_label}</span></label>'
        )
    return "\n".join(out)


@pytest.mark.parametrize("state", ["unbound", "initial", "bound", "bound-invalid", "disabled"])
def test_scale_html_is_the_radio_select_markup(state):
    team = make_team(size=1)
    comps = round_competencies(rnd=team.rnd)
    ids = round_indicator_ids(rnd=team.rnd)
    initial = {f"ind_{ids[0]}": "2", f"ind_{ids[1]}": NO_BASIS}
    data = {f"ind_{ids[0]}": "0", f"ind_{ids[2]}": NO_BASIS, f"ind_{ids[3]}": "x"}
    if state in ("unbound", "initial", "disabled"):
        form = RatingForm(competencies=comps, initial={} if state == "unbound" else initial)
    else:
        if state == "bound":
            data.pop(f"ind_{ids[3]}")
        form = RatingForm(data, competencies=comps, initial=initial)
        assert form.is_valid() == (state == "bound")
    if state == "disabled":
        for field in form.fields.values():
            field.disabled = True
    for pk in ids:
        assert parse_html(form.scale_html(pk)) == parse_html(widget_markup(form[f"ind_{pk}"]))


def test_read_only_form_shows_stored_answers_disabled(client):
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    assignment_save(assignment=form, rater=form.rater, answers=dict.fromkeys(ids, 3), submit=True)
    client.force_login(team.staff[0].user)
    body = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    assert body.count('type="radio"') == 5 * len(ids)
    assert body.count(" disabled checked>") == len(ids)
    assert body.count(' value="3" class="btn-check"') == len(ids)


def test_someone_elses_form_is_404(client):
    team = make_team(size=2)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    client.force_login(team.staff[1].user)
    assert client.get(reverse("assessments:rate", args=[form.pk])).status_code == 404
    client.force_login(team.hr)
    assert client.get(reverse("assessments:rate", args=[form.pk])).status_code == 404


def test_competencies_of_an_open_round_are_read_once():
    team = make_team(size=1)
    first = round_competencies_cached(rnd=team.rnd)
    again = round_competencies_cached(rnd=team.rnd)
    assert [c.pk for c in again] == [c.pk for c in round_competencies(rnd=team.rnd)]
    assert again[0] is first[0]


def test_scale_and_bars_follow_the_chosen_language(client, settings):
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.staff[0], group="self")
    client.force_login(team.staff[0].user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("assessments:rate", args=[form.pk])).content.decode()
    assert "Consistently demonstrated" in body and 'aria-label="Progress"' in body
    assert "แสดงสม่ำเสมอ" not in body


def test_each_rating_form_has_fields_of_its_own(service_mind):
    # The fields are copied from shared prototypes (cheaper than building
    # them): what the view changes on one form must not reach the next.
    from competency.models import Competency

    comps = list(Competency.objects.filter(code="102").prefetch_related("levels__indicators"))
    first, second = RatingForm(competencies=comps), RatingForm(competencies=comps)
    name = next(n for n in first.fields if n.startswith("ind_"))
    first.fields[name].disabled = True
    first.fields[name].widget.attrs["data-x"] = "1"
    assert not second.fields[name].disabled
    assert "data-x" not in second.fields[name].widget.attrs
    assert first.fields[name].label == second.fields[name].label != ""
    assert second.fields[name].widget.attrs == {"class": "btn-check"}
    assert RatingForm({name: "9"}, competencies=comps).is_valid() is False
