"""Issue 14's memory target: parsing any hostile file up to the upload cap
keeps the parsing process within 100 MB above its idle size. Measured in a
fresh process (VmHWM, reset before each file) by bench/import_memory_bench.py,
whose figures are in docs/benchmarks.md."""

import os

import pytest
from django.conf import settings

from bench import import_memory_bench as bench

TARGET_MB = 100


@pytest.fixture
def child_env(db):
    from django.db import connection

    conf = connection.settings_dict  # the test database
    env = os.environ.copy()
    env["DATABASE_URL"] = (f"postgres://{conf['USER']}:{conf['PASSWORD']}@{conf['HOST']}:"
                           f"{conf['PORT']}/{conf['NAME']}")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    return env


def test_hostile_files_stay_within_100_mb_above_idle(tmp_path, child_env):
    files = bench.hostile_files(cap=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)
    assert len(files["dimension-A1-XFD10000.xlsx"]) < 2000  # the 1,780-byte kind
    assert len(files["zip-bomb-400MB.xlsx"]) < 2 * 1024 * 1024
    assert len(files["at-cap.csv"]) <= settings.IMPORT_MAX_BYTES
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(data)
    # The ones refused early first, the one read to its end alone in its own process.
    early = [n for n in files if n != "at-row-limit.csv"]
    results = dict(zip(early, bench.measure(*(paths[n] for n in early), env=child_env),
                       strict=True))
    results["at-row-limit.csv"] = bench.measure(paths["at-row-limit.csv"], env=child_env)[0]
    for name, figures in results.items():
        assert figures["above_idle_mb"] < TARGET_MB, (name, figures)
    assert results["dimension-A1-XFD20000.xlsx"]["outcome"].startswith("refused: ")
    assert "คลายการบีบอัด" in results["zip-bomb-400MB.xlsx"]["outcome"]
    assert "แถว" in results["far-cell-XFD1048576.xlsx"]["outcome"]
    assert results["at-row-limit.csv"]["outcome"] == (
        f"{settings.IMPORT_MAX_ROWS} rows read, {settings.IMPORT_MAX_ROWS} row errors")
