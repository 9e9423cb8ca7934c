"""A round that asks for Thai digits gets them in every figure the report itself
writes, its notes too (the summary sheet's notes were fixed the same way,
tests/reports/test_summary_sheet.py): the notes under the scores table, the
picture by rater group and the agreement table printed "(0–3)", "0 ไม่แสดง
พฤติกรรม – 3 แสดงสม่ำเสมอ" and "ตั้งแต่ 2 คะแนน" in Latin digits."""

from __future__ import annotations

import re

import pytest

from reports.models import ReportSnapshot
from reports.render import report_html
from reports.services import round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _texts(value) -> list[str]:
    """Every string of the report's data (names, catalogue texts: they are as typed)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _own_text(html: str, data: dict) -> str:
    body = html[html.index("<body"):]
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", "", body)  # the compounds' spans go, their text joins up
    for given in sorted(_texts(data), key=len, reverse=True):
        text = text.replace(given, " ")
    # The method's name, as the product names it everywhere.
    return text.replace("รายงานผลการประเมินสมรรถนะ 360 องศา", " ")


@pytest.fixture
def digits_report():
    r = rated_round(thai_digits=True)
    round_snapshots_update(rnd=r.rnd)
    return r, ReportSnapshot.objects.get(participant=r.ratee)


def test_every_figure_the_report_writes_is_in_thai_digits(digits_report):
    _r, snap = digits_report
    assert snap.data["competencies"][0]["agreement"]  # the agreement table is there
    text = _own_text(report_html(snapshot=snap), snap.data)
    latin = [line.strip() for line in text.splitlines()
             if any(c.isascii() and c.isdigit() for c in line)]
    assert latin == []
    squeezed = " ".join(text.split())
    assert "(๐ ไม่แสดงพฤติกรรม – ๓ แสดงสม่ำเสมอ)" in squeezed
    assert "คะแนนเฉลี่ยของกลุ่มในระดับนั้น (๐–๓)" in squeezed
    assert "ตัวหนา: คำตอบต่างกันตั้งแต่ ๒ คะแนน" in squeezed


def test_latin_digits_stay_latin(client):
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    client.force_login(r.ratee.employee.user)
    page = client.get(f"/reports/p/{r.ratee.pk}/").content.decode()
    squeezed = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "(0 ไม่แสดงพฤติกรรม – 3 แสดงสม่ำเสมอ)" in squeezed
    assert "คะแนนเฉลี่ยของกลุ่มในระดับนั้น (0–3)" in squeezed
    assert "ตัวหนา: คำตอบต่างกันตั้งแต่ 2 คะแนน" in squeezed
