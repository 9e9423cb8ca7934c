"""Files through the storage API: local disk by default, a real S3 server when configured.

Downloads are checked before they stream; the ZIP is written while it is sent;
with object storage nothing lands on the web process's disk.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from config.storage import default_storage_config
from reports.downloads import zip_stream
from reports.models import ReportSnapshot
from reports.services import report_render
from reports.tasks import round_reports_build
from tests.reports.scenario import rated_round
from tests.s3server import s3, s3_endpoint  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _render_all(rnd) -> None:
    """What the worker does after a close: a snapshot and a PDF for everyone."""
    with transaction.atomic():
        round_reports_build.apply(args=(rnd.pk,))
    for snap in ReportSnapshot.objects.filter(round=rnd):
        report_render(snapshot=snap)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_storage_url_means_the_local_disk():
    assert default_storage_config("")["BACKEND"].endswith("FileSystemStorage")


def test_a_storage_url_names_a_private_bucket():
    config = default_storage_config(
        "s3://hr-files/portal?endpoint_url=https://minio.example:9000&region_name=ap-southeast-1",
        signed_url_seconds=30)
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "hr-files" and options["location"] == "portal"
    assert options["endpoint_url"] == "https://minio.example:9000"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 30


@pytest.mark.parametrize("url", ["http://bucket", "s3://", "s3://b?secret_key=x"])
def test_a_malformed_storage_url_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured):
        default_storage_config(url)


def test_the_pdf_streams_from_disk_and_is_not_cached():
    r = rated_round()
    response = _client(r.team.boss.user).get(
        reverse("reports:participant_report_pdf", kwargs={"participant_pk": r.ratee.pk}))
    assert isinstance(response, FileResponse)
    assert _body(response).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_round_zip_is_written_while_it_is_sent():
    r = rated_round()
    _render_all(r.rnd)
    response = _client(r.team.hr).get(reverse("reports:round_reports_zip",
                                              kwargs={"round_pk": r.rnd.pk}))
    assert isinstance(response, StreamingHttpResponse)
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    assert archive.testzip() is None  # every CRC checks out
    done = ReportSnapshot.objects.filter(round=r.rnd, status="done").count()
    assert len(archive.namelist()) == done > 0
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())


def test_zip_stream_reads_one_file_at_a_time():
    opened = []

    def opener(i):
        def open_():
            opened.append(i)
            return io.BytesIO(bytes([i]) * 200_000)
        return open_

    stream = zip_stream((f"{i}.pdf", opener(i)) for i in range(5))
    first = next(stream)
    assert first and opened == [0]  # bytes leave before the other files are even opened
    data = first + b"".join(stream)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == [f"{i}.pdf" for i in range(5)]
    assert archive.read("3.pdf") == bytes([3]) * 200_000


def test_with_object_storage_reports_live_in_the_bucket_and_never_on_disk(s3, settings, tmp_path):  # noqa: F811
    s3.use_in(settings)
    settings.MEDIA_ROOT = tmp_path / "no-such-folder"
    r = rated_round()
    response = _client(r.team.boss.user).get(
        reverse("reports:participant_report_pdf", kwargs={"participant_pk": r.ratee.pk}))
    assert _body(response).startswith(b"%PDF")
    keys = s3.keys()
    snap = ReportSnapshot.objects.get(participant=r.ratee)
    assert f"portal/{snap.pdf.name}" in keys
    assert not (tmp_path / "no-such-folder").exists()
    _render_all(r.rnd)
    # The ZIP streams from the bucket too.
    archive = zipfile.ZipFile(io.BytesIO(_body(_client(r.team.hr).get(
        reverse("reports:round_reports_zip", kwargs={"round_pk": r.rnd.pk})))))
    assert archive.testzip() is None and archive.namelist()


def test_signed_redirect_comes_after_the_permission_check_and_expires(s3, settings):  # noqa: F811
    s3.use_in(settings)
    settings.STORAGE_REDIRECT = True
    r = rated_round()
    url = reverse("reports:participant_report_pdf", kwargs={"participant_pk": r.ratee.pk})
    outsider = rated_round().team.boss.user  # a supervisor elsewhere
    assert _client(outsider).get(url).status_code == 404
    response = _client(r.team.boss.user).get(url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(s3.endpoint) and "Signature" in location
    assert "no-store" in response["Cache-Control"]
    signed = requests.get(location, timeout=10)
    assert signed.status_code == 200 and signed.content.startswith(b"%PDF")
    assert "attachment" in signed.headers["Content-Disposition"]
    unsigned = urlsplit(location)._replace(query="").geturl()
    assert requests.get(unsigned, timeout=10).status_code == 403  # never public
