"""The Thai pages read as an official form does: the person is "ท่าน", never
the casual first person "ฉัน", and no spoken particles (ครับ, ค่ะ, นะคะ).

The finding: the rating form said "ท่านประเมินในฐานะ" and the team page
"แบบประเมินของท่าน", but their headings and links said "แบบประเมินของฉัน",
"ผลการประเมินของฉัน", "ทีมของฉัน" and "ดาวน์โหลดข้อมูลของฉัน"."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assignment
from tests.builders import make_team

pytestmark = pytest.mark.django_db

CASUAL = re.compile(r"ฉัน|ครับ|ค่ะ|นะคะ")  # จ้ะ/จ้า would match เจ้าหน้าที่


def test_the_pages_of_an_employee_and_a_supervisor_speak_as_an_official_form(client):
    team = make_team(size=1)
    form = Assignment.objects.get(rater=team.boss, participant__employee=team.staff[0])
    client.force_login(team.boss.user)
    for url in [reverse("home"), reverse("assessments:my_forms"),
                reverse("assessments:my_results"), reverse("assessments:team"),
                reverse("assessments:rate", args=[form.pk]), reverse("privacy")]:
        body = client.get(url).content.decode()
        assert not CASUAL.findall(body), (url, CASUAL.findall(body))
