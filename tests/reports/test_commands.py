import pytest
from django.core.management import CommandError, call_command

from assessments.models import Round
from tests.reports.pdftext import pdftotext
from tests.reports.scenario import rated_round

pytestmark = pytest.mark.django_db


def test_report_pdf_by_slug_and_by_id(tmp_path):
    r = rated_round()
    number = r.ratee.employee.employee_number
    out = tmp_path / "one.pdf"
    call_command("report_pdf", "--round", r.rnd.slug, "--employee", number, "--out", str(out))
    assert "ให้การบริการที่เป็นมิตร" in pdftotext(out.read_bytes())
    again = tmp_path / "again.pdf"
    call_command("report_pdf", "--round", str(r.rnd.pk), "--employee", number, "--out",
                 str(again))
    assert again.read_bytes() == out.read_bytes()  # the same stored report


def test_round_reports_writes_every_pdf(tmp_path):
    r = rated_round()
    call_command("round_reports", r.rnd.slug, "--out", str(tmp_path / "all"))
    assert len(list((tmp_path / "all").glob("*.pdf"))) == r.rnd.participants.count()


def test_commands_refuse_open_rounds_and_unknown_people(tmp_path):
    r = rated_round(state=Round.State.OPEN)
    with pytest.raises(CommandError):
        call_command("round_reports", r.rnd.slug, "--out", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("report_pdf", "--round", "no-such-round", "--employee", "x",
                     "--out", str(tmp_path / "x.pdf"))
