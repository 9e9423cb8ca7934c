import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Participant
from assessments.services import employee_expected_level_set, round_open
from tests.builders import make_team

pytestmark = pytest.mark.django_db


def test_override_needs_a_reason_and_applies_to_rounds_opened_later():
    team = make_team(size=1, open_round=False)
    person = team.staff[0]
    with pytest.raises(ValidationError, match="เหตุผล"):
        employee_expected_level_set(employee=person, level=4, reason="  ")
    with pytest.raises(ValidationError):
        employee_expected_level_set(employee=person, level=6, reason="x")
    employee_expected_level_set(employee=person, level=4, reason="รักษาการในตำแหน่งที่สูงขึ้น")
    round_open(rnd=team.rnd)
    assert Participant.objects.get(employee=person).expected_levels == {"102": 4}
    # Clearing it later does not rewrite the open round.
    employee_expected_level_set(employee=person, level=None, reason="กลับตำแหน่งเดิม")
    assert Participant.objects.get(employee=person).expected_levels == {"102": 4}
    assert person.history.first().expected_level_override_reason == "กลับตำแหน่งเดิม"


def test_hr_page_lists_table_level_and_saves_an_override(client):
    team = make_team(size=2, open_round=False)
    client.force_login(team.hr)
    page = client.get(reverse("hr:people", kwargs={"agency": team.agency.code}))
    assert team.staff[0].full_name in page.content.decode()
    url = reverse("hr:person_expected_level", kwargs={"employee_id": team.staff[0].pk})
    response = client.post(url, {"level": "3", "reason": "ทดลองงานในตำแหน่งใหม่"}, follow=True)
    assert "บันทึกระดับที่คาดหวัง" in response.content.decode()
    team.staff[0].refresh_from_db()
    assert team.staff[0].expected_level_override == 3
    bad = client.post(url, {"level": "9", "reason": ""}, follow=True)
    assert "alert-danger" in bad.content.decode()
    team.staff[0].refresh_from_db()
    assert team.staff[0].expected_level_override == 3
