import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_team

pytestmark = pytest.mark.django_db


def _queries(client, size):
    team = make_team(size=size)
    client.force_login(team.hr)
    url = reverse("hr:round_missing", kwargs={"pk": team.rnd.pk})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_missing_page_counts_all_and_its_queries_do_not_grow(client):
    small, _ = _queries(client, 3)
    large, html = _queries(client, 60)
    assert large == small
    # 61 raters owe forms (60 staff and their boss); 50 shown on the first page.
    assert "ผู้ประเมิน 61 คน" in html
    assert "หน้า 1 จาก 2" in html
