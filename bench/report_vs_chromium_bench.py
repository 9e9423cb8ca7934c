"""Benchmark: the report pipeline against warm Chromium on the same HTMLs, in one run (issue 17).

    .venv/bin/python bench/report_vs_chromium_bench.py   # --reports 30 --rounds 2 --warm 10

Report HTMLs of the demo's released round (``bench`` database, seeded when
missing), ``--reports`` different people in each of ``--rounds`` rounds, are
made into PDFs

- by the project's pipeline (``reports.render.renderer().pdf``) in this
  process: wall and CPU seconds (this process);
- by Debian's Chromium through Playwright, warm (one browser, one page, reused):
  ``page.goto(file)`` + ``page.pdf(A4)``; CPU counted over every Chromium
  process the browser runs (browser, renderer, GPU and utility processes, via
  psutil) and, separately, Playwright's driver.

Each renderer runs ``--rounds`` times alternately (pipeline, Chromium, ...)
so that a change in machine load hits both; the figures are the medians of
the rounds. Each round renders other people, and both renderers first render
``--warm`` other reports: the pipeline keeps styles, line breaks and cells
across reports (docs/benchmarks.md), so it is measured as a worker is after a
while, on reports it has not seen. Chromium gets the same CSS (the print stylesheets and the
Sarabun @font-face rules, inlined); it has no running heads (CSS paged-media
margin boxes), so its work is if anything a little less.

The target: the pipeline's CPU seconds per report at or below Chromium's.
Prints JSON with the machine and its load average.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import tempfile
import time
from pathlib import Path

try:
    from bench._reports import demo_round, snapshot_ids
    from bench._setup import django_setup, machine, migrate
except ImportError:  # run as a script
    from _reports import demo_round, snapshot_ids
    from _setup import django_setup, machine, migrate

CHROMIUM = "/usr/bin/chromium"


def _cpu(procs) -> float:
    import psutil

    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:  # it ended in the meantime: its CPU is not counted
            pass
    return total


def _chromium_processes():
    """Chromium's processes and Playwright's driver, among this process's descendants."""
    import psutil

    chromium, driver = [], []
    for child in psutil.Process().children(recursive=True):
        try:
            name = " ".join(child.cmdline()[:1]) + " " + child.name()
        except psutil.Error:
            name = ""
        if name:
            (chromium if "chrom" in name else driver).append(child)
    return chromium, driver


def chromium_documents(htmls: list[str], folder: Path) -> list[Path]:
    """Each report as a file Chromium opens, with the pipeline's CSS inlined."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    from reports.render import PRINT_CSS, font_face_css

    css = "\n".join([font_face_css()] + [Path(finders.find(n)).read_text(encoding="utf-8")
                                         for n in PRINT_CSS])
    # Relative URLs in the report (images) resolve against the project, as for WeasyPrint.
    base = f'<base href="{Path(settings.BASE_DIR).as_uri()}/">'
    paths = []
    for i, html in enumerate(htmls):
        doc = html.replace("<head>", f"<head>{base}<style>{css}</style>", 1)
        path = folder / f"report-{i}.html"
        path.write_text(doc, encoding="utf-8")
        paths.append(path)
    return paths


def run_pipeline(htmls: list[str], warm: list[str]) -> dict:
    from reports.render import renderer

    pdf = renderer().pdf
    for html in warm:  # fonts loaded, stylesheets parsed, heap frozen, tables filled
        pdf(html)
    wall, cpu = time.perf_counter(), time.process_time()
    sizes = [len(pdf(h)) for h in htmls]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"s_per_report": wall / len(htmls), "cpu_s_per_report": cpu / len(htmls),
            "pdf_kb_mean": round(statistics.mean(sizes) / 1024, 1)}


def run_chromium(page, paths: list[Path], warm: list[Path]) -> dict:
    def render(path: Path) -> int:
        page.goto(path.as_uri(), wait_until="load")
        return len(page.pdf(format="A4", print_background=True, prefer_css_page_size=True))

    for path in warm:
        render(path)
    chromium, driver = _chromium_processes()
    c0, d0 = _cpu(chromium), _cpu(driver)
    wall = time.perf_counter()
    own = time.process_time()
    sizes = [render(p) for p in paths]
    wall = time.perf_counter() - wall
    own = time.process_time() - own
    chromium_after, driver_after = _chromium_processes()
    # A process started during the run counts whole; one that ended is lost (rare when warm).
    c1 = _cpu(chromium_after)
    n = len(paths)
    return {"s_per_report": wall / n, "cpu_s_per_report": (c1 - c0) / n,
            "driver_cpu_s_per_report": (_cpu(driver_after) - d0) / n,
            "python_client_cpu_s_per_report": own / n,
            "chromium_processes": len(chromium_after),
            "pdf_kb_mean": round(statistics.mean(sizes) / 1024, 1)}


def run(*, htmls: list[str], rounds: int, warm: list[str] = ()) -> dict:
    """``htmls`` split into ``rounds`` rounds of other people; ``warm`` rendered first
    (the first report of the first round when there is none)."""
    from playwright.sync_api import sync_playwright

    per_round = len(htmls) // rounds
    chunks = [htmls[i * per_round:(i + 1) * per_round] for i in range(rounds)]
    warm = list(warm) or htmls[:1]
    results = {"pipeline": [], "chromium": []}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        paths = chromium_documents(warm + htmls, Path(tmp))
        warm_paths, paths = paths[:len(warm)], paths[len(warm):]
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        try:
            for i, chunk in enumerate(chunks):
                gc.collect()
                results["pipeline"].append(run_pipeline(chunk, warm if i == 0 else []))
                results["chromium"].append(run_chromium(
                    page, paths[i * per_round:(i + 1) * per_round],
                    warm_paths if i == 0 else []))
        finally:
            browser.close()
    out = {"reports": per_round, "rounds": rounds, "warm": len(warm)}
    for name, runs in results.items():
        out[name] = {key: round(statistics.median(r[key] for r in runs), 4)
                     for key in runs[0] if isinstance(runs[0][key], float)}
        out[name].update({k: v for k, v in runs[-1].items() if not isinstance(v, float)})
    out["cpu_ratio_pipeline_to_chromium"] = round(
        out["pipeline"]["cpu_s_per_report"] / out["chromium"]["cpu_s_per_report"], 2)
    out["cpu_ratio_pipeline_to_chromium_and_driver"] = round(
        out["pipeline"]["cpu_s_per_report"]
        / (out["chromium"]["cpu_s_per_report"] + out["chromium"]["driver_cpu_s_per_report"]), 2)
    out["target_met"] = out["cpu_ratio_pipeline_to_chromium"] <= 1.0
    return out


def report_htmls(*, rnd, count: int) -> list[str]:
    from reports.models import ReportSnapshot
    from reports.render import report_html

    ids = snapshot_ids(rnd=rnd, count=count)
    return [report_html(snapshot=s) for s in ReportSnapshot.objects.filter(pk__in=ids)
            .order_by("pk")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=30, help="different people a round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warm", type=int, default=10,
                        help="other reports rendered first by both renderers")
    parser.add_argument("--employees", type=int, default=60,
                        help="size of the demo to seed when it is missing")
    args = parser.parse_args()
    django_setup()
    migrate()
    total = args.warm + args.reports * args.rounds
    rnd = demo_round(employees=max(args.employees, total))
    htmls = report_htmls(rnd=rnd, count=total)
    report = {"benchmark": "report pipeline vs warm Chromium",
              **run(htmls=htmls[args.warm:], rounds=args.rounds, warm=htmls[:args.warm])}
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
