"""Close a round; a real Celery worker process, fed through Redis, makes the reports.

The worker (tests/workers.py) runs with the base settings, as in production,
against the test database, a Redis database of its own and a media folder
shared with the test; ``round_close`` -> ``transaction.on_commit`` -> Redis ->
worker is the real path.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from assessments.models import Round
from assessments.services import round_close
from competency.models import Indicator
from reports.models import ReportSnapshot
from tests.reports.pdftext import pdftotext, squeeze
from tests.reports.scenario import rated_round
from tests.workers import real_broker, wait_until, worker_start, worker_stop


@pytest.mark.pipeline
@pytest.mark.django_db(transaction=True)
def test_closing_a_round_makes_every_report_through_a_worker_process(tmp_path, settings):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media  # the test reads the PDFs where the worker writes them
    log = tmp_path / "worker.log"
    with real_broker() as (broker, _client):
        r = rated_round(state=Round.State.OPEN)
        proc = worker_start(name="pipeline", broker=broker, media=media, log=log)
        try:
            round_close(rnd=r.rnd)  # on_commit -> round_reports_build -> report_render each
            expected = r.rnd.participants.count()
            wait_until(lambda: ReportSnapshot.objects.filter(round=r.rnd, status="done").count()
                       == expected, [proc], [log], "every report")
        finally:
            worker_stop(proc)
    snaps = list(ReportSnapshot.objects.filter(round=r.rnd))
    assert len(snaps) == expected
    assert all(s.status == "done" and s.pdf_ready for s in snaps), [
        (s.status, s.failure_reason) for s in snaps
    ]
    assert all(Path(s.pdf.path).is_relative_to(media) for s in snaps)
    assert "reports.tasks.report_render" in log.read_text(errors="replace")  # not eager

    mine = ReportSnapshot.objects.get(participant=r.ratee)
    content = mine.pdf.read()
    reader = pypdf.PdfReader(io.BytesIO(content))  # the PDF opens
    assert len(reader.pages) >= 1
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4
    text = pdftotext(content)
    assert r.ratee.employee.full_name in text
    squeezed = squeeze(text)
    indicators = list(Indicator.objects.filter(level__competency=r.team.competency)
                      .values_list("text_th", flat=True))
    missing = [t for t in indicators if squeeze(t) not in squeezed]
    assert not missing, missing
