"""Cache-Control: no-store on every page and download that holds personal data:
pages, the report page and PDF, the results exports, the ZIP of all PDFs and
the my-data download (each kind once)."""

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import ReportSnapshot
from reports.services import report_render, round_snapshots_update
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_every_kind_of_personal_data_response_is_not_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    r = rated_round()
    round_snapshots_update(rnd=r.rnd)
    report_render(snapshot=ReportSnapshot.objects.get(participant=r.ratee))
    person, hr = Client(), Client()
    person.force_login(r.ratee.employee.user)
    hr.force_login(r.team.hr)
    report = {"participant_pk": r.ratee.pk}
    responses = {
        "home": person.get(reverse("home")),
        "report page": person.get(reverse("reports:participant_report", kwargs=report)),
        "report pdf": person.get(reverse("reports:participant_report_pdf", kwargs=report)),
        "my data": person.get(reverse("my_data")),
        "xlsx export": hr.get(reverse("reports:round_results_export",
                                      kwargs={"pk": r.rnd.pk, "fmt": "xlsx"})),
        "csv export": hr.get(reverse("reports:round_results_export",
                                     kwargs={"pk": r.rnd.pk, "fmt": "csv"})),
        "zip": hr.get(reverse("reports:round_reports_zip", kwargs={"round_pk": r.rnd.pk})),
    }
    assert {name: resp.status_code for name, resp in responses.items()} == dict.fromkeys(
        responses, 200)
    assert responses["zip"]["Content-Type"] == "application/zip"
    assert [name for name, resp in responses.items() if not _no_store(resp)] == []


def test_static_files_keep_their_cache():
    response = Client().get("/static/css/assessments.css")
    assert response.status_code == 200 and not _no_store(response)
