import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from competency.models import Competency, ExpectedLevel, Indicator, Level

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "service_mind_th.json"
CHECKER = ROOT.parent / "shared" / "tools" / "check_fixture.py"


def _fixture_texts() -> set[str]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {v for obj in data for v in obj["fields"].values() if isinstance(v, str)}


@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/tools/check_fixture.py not present")
def test_fixture_says_what_the_seed_says():
    out = subprocess.run(
        [sys.executable, str(CHECKER), str(FIXTURE)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "20/20 found" in out.stdout


@pytest.mark.parametrize(
    ("seed_typo", "official"),
    [("แฉ่งให้", "แจ้งให้"), ("ปัญหที่", "ปัญหาที่"), ("ปิดภาระ", "ปัดภาระ")],
)
def test_each_seed_misspelling_is_corrected(seed_typo, official):
    texts = " ".join(_fixture_texts())
    assert seed_typo not in texts
    assert official in texts


@pytest.mark.django_db
def test_loading_the_fixture_twice_does_not_duplicate():
    call_command("loaddata", "service_mind_th", verbosity=0)
    call_command("loaddata", "service_mind_th", verbosity=0)
    assert Competency.objects.count() == 1
    assert Level.objects.count() == 5
    assert Indicator.objects.count() == 14
    counts = [lvl.indicators.count() for lvl in Level.objects.order_by("number")]
    assert counts == [4, 2, 3, 2, 3]
    sm = Competency.objects.get()
    assert (sm.code, sm.kind, sm.number, sm.name_th) == ("102", "core", 2, "การบริการที่ดี")


@pytest.mark.django_db
def test_levels_are_cumulative_in_the_text():
    call_command("loaddata", "service_mind_th", verbosity=0)
    for level in Level.objects.filter(number__gte=2):
        assert level.summary_th.startswith(f"แสดงสมรรถนะระดับที่ {level.number - 1} และ")


@pytest.mark.django_db
def test_expected_level_table_matches_domain_defaults():
    call_command("loaddata", "expected_levels", verbosity=0)
    call_command("loaddata", "expected_levels", verbosity=0)
    table = {
        (r.position_type, r.position_level, r.competency_kind): r.level
        for r in ExpectedLevel.objects.all()
    }
    assert table[("general", "operational", "core")] == 1
    assert table[("general", "skilled", "core")] == 3
    assert table[("knowledge", "advisory", "core")] == 5
    assert table[("director", "primary", "managerial")] == 1
    assert table[("executive", "high", "core")] == 5
    assert table[("executive", "high", "managerial")] == 4
    assert ("general", "senior", "managerial") not in table
    assert len(table) == 17


@pytest.mark.django_db
def test_dumped_catalogue_with_versions_loads_back_without_duplicates(tmp_path):
    call_command("loaddata", "service_mind_th", verbosity=0)
    out = tmp_path / "dump.json"
    call_command("dumpdata", "competency.competency", "competency.level", "competency.indicator",
                 natural_foreign=True, natural_primary=True, output=str(out), verbosity=0)
    dumped = json.loads(out.read_text(encoding="utf-8"))
    level = next(o for o in dumped if o["model"] == "competency.level")
    assert level["fields"]["competency"] == ["102", 1]
    call_command("loaddata", str(out), verbosity=0)
    assert (Competency.objects.count(), Indicator.objects.count()) == (1, 14)
