import pytest
from django.urls import reverse

from tests.access.world import build_world

pytestmark = pytest.mark.django_db


def test_hr_sees_who_read_whose_report_and_other_agencies_see_nothing(client):
    world = build_world()
    reader = client
    reader.force_login(world.users["supervisor"])
    url = reverse("reports:participant_report", kwargs={"participant_pk": world.participant.pk})
    assert reader.get(url).status_code == 200
    reader.force_login(world.users["hr"])
    page = reader.get(reverse("reports:access_log")).content.decode()
    assert world.supervisor.full_name in page
    assert world.employee.full_name in page
    assert "เปิดดูหน้ารายงาน" in page
    reader.force_login(world.users["other_hr"])
    other = reader.get(reverse("reports:access_log"),
                       {"agency": world.rnd.agency_id}).content.decode()
    assert world.employee.full_name not in other
