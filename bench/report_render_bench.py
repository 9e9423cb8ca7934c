"""Benchmark: rendering report PDFs in one warm process (issue 5 figures).

    .venv/bin/python bench/report_render_bench.py   # --repeat 50 --reports 200 --rss-reports 1000

On the demo's released round (``bench`` database, seeded when missing):

1. one snapshot rendered ``--repeat`` times: median wall and CPU seconds of
   the pipeline (``reports.render``: shared FontConfiguration, pre-parsed CSS)
   and of the straightforward ``HTML(string=...).write_pdf()`` with a new font
   configuration and the CSS parsed per report; time split into HTML parse,
   layout and PDF writing; whether both give the same bytes;
2. ``--reports`` different snapshots with each variant: seconds per report;
3. RSS of this process over ``--rss-reports`` pipeline renders (growth per 1,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time

try:
    from bench._reports import demo_round, rss_mb, snapshot_ids
    from bench._setup import django_setup, machine, migrate
except ImportError:  # run as a script
    from _reports import demo_round, rss_mb, snapshot_ids
    from _setup import django_setup, machine, migrate


def straightforward_pdf(html: str) -> bytes:
    """What a first version does: everything built per report."""
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.render import PRINT_CSS, font_face_css

    font_config = FontConfiguration()
    css = [font_face_css()] + [Path(finders.find(n)).read_text(encoding="utf-8")
                               for n in PRINT_CSS]
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(string="\n".join(css), font_config=font_config)],
        font_config=font_config, pdf_tags=True,  # the same output options as the pipeline
    )


def _timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def _phases(html: str, repeat: int) -> dict:
    """Median CPU seconds of the pipeline's three steps."""
    from django.conf import settings
    from weasyprint import HTML

    from reports.render import renderer

    r = renderer()
    parse, layout, write = [], [], []
    for _ in range(repeat):
        doc, _w, c0 = _timed(lambda: HTML(string=html, base_url=str(settings.BASE_DIR)))
        rendered, _w, c1 = _timed(
            lambda d=doc: d.render(stylesheets=r.stylesheets, font_config=r.font_config))
        _pdf, _w, c2 = _timed(rendered.write_pdf)
        parse.append(c0)
        layout.append(c1)
        write.append(c2)
    return {"parse_html": round(statistics.median(parse), 4),
            "layout": round(statistics.median(layout), 4),
            "write_pdf": round(statistics.median(write), 4),
            "pages": len(rendered.pages)}


def single(*, snapshot, repeat: int) -> dict:
    """One snapshot, warm process: median seconds of each variant."""
    from reports.render import renderer, report_html

    html = report_html(snapshot=snapshot)
    pipeline = renderer().pdf
    first = pipeline(html)  # warm: fonts loaded, caches filled
    plain = straightforward_pdf(html)
    out = {"html_bytes": len(html.encode()), "pdf_bytes": len(first),
           "identical_output": first == plain and pipeline(html) == first}
    variants = (("pipeline", pipeline, True), ("pipeline_without_gc_freeze", pipeline, False),
                ("straightforward", straightforward_pdf, False))
    for name, fn, frozen in variants:
        # The pipeline freezes the heap after its first report (reports/render.py);
        # unfreezing shows what that saves, in the same process and run.
        if frozen:
            gc.collect()
            gc.freeze()
        else:
            gc.unfreeze()
        walls, cpus = [], []
        for _ in range(repeat):
            _pdf, wall, cpu = _timed(fn, html)
            walls.append(wall)
            cpus.append(cpu)
        out[name] = {"median_wall_s": round(statistics.median(walls), 4),
                     "median_cpu_s": round(statistics.median(cpus), 4)}
    gc.collect()
    gc.freeze()
    out["html_template_s"] = round(statistics.median(
        [_timed(lambda: report_html(snapshot=snapshot))[1] for _ in range(10)]), 4)
    out["pipeline_cpu_split"] = _phases(html, max(5, repeat // 5))
    out["ratio"] = round(out["straightforward"]["median_wall_s"]
                         / out["pipeline"]["median_wall_s"], 2)
    out["ratio_cpu"] = round(out["straightforward"]["median_cpu_s"]
                             / out["pipeline"]["median_cpu_s"], 2)
    out["gc_freeze_saves_cpu"] = round(
        1 - out["pipeline"]["median_cpu_s"] / out["pipeline_without_gc_freeze"]["median_cpu_s"], 3)
    return out


def many(*, snapshots: list) -> dict:
    """Different snapshots in a row: seconds per report of each variant."""
    from reports.render import renderer, report_html

    htmls = [report_html(snapshot=s) for s in snapshots]
    out = {"reports": len(htmls)}
    for name, fn in (("pipeline", renderer().pdf), ("straightforward", straightforward_pdf)):
        if name == "pipeline":
            gc.collect()
            gc.freeze()
        else:
            gc.unfreeze()
        _v, wall, cpu = _timed(lambda f=fn: [f(h) for h in htmls])
        out[name] = {"s_per_report": round(wall / len(htmls), 4),
                     "cpu_s_per_report": round(cpu / len(htmls), 4),
                     "reports_per_s": round(len(htmls) / wall, 2)}
    gc.collect()
    gc.freeze()
    out["ratio"] = round(out["straightforward"]["s_per_report"]
                         / out["pipeline"]["s_per_report"], 2)
    return out


def rss_growth(*, snapshots: list, reports: int) -> dict:
    """RSS over ``reports`` pipeline renders, cycling through the snapshots."""
    from reports.render import renderer, report_html

    htmls = [report_html(snapshot=s) for s in snapshots]
    pdf = renderer().pdf
    pdf(htmls[0])
    start = rss_mb()
    samples = []
    step = max(1, reports // 10)
    for i in range(reports):
        pdf(htmls[i % len(htmls)])
        if (i + 1) % step == 0:
            samples.append(rss_mb())
    # Growth after the first tenth: caches (glyph subsets, Pango) fill early, a leak keeps going.
    late = samples[-1] - samples[0] if len(samples) > 1 else 0.0
    return {"reports": reports, "rss_start_mb": start, "rss_samples_mb": samples,
            "growth_mb": round(samples[-1] - start, 1) if samples else 0.0,
            "growth_after_first_tenth_mb": round(late, 1),
            "growth_mb_per_1000": round((samples[-1] - start) * 1000 / reports, 1)
            if samples else 0.0}


def run(*, rnd, repeat: int, reports: int, rss_reports: int) -> dict:
    from reports.models import ReportSnapshot

    ids = snapshot_ids(rnd=rnd, count=max(reports, 1))
    snaps = list(ReportSnapshot.objects.filter(pk__in=ids).order_by("pk"))
    report = {"benchmark": "report render", "single": single(snapshot=snaps[0], repeat=repeat)}
    if reports:
        report["many"] = many(snapshots=snaps[:reports])
    if rss_reports:
        report["rss"] = rss_growth(snapshots=snaps[:50], reports=rss_reports)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--rss-reports", type=int, default=1000)
    parser.add_argument("--employees", type=int, default=10000,
                        help="size of the demo to seed when it is missing")
    args = parser.parse_args()
    django_setup()
    migrate()
    rnd = demo_round(employees=max(args.employees, args.reports))
    report = run(rnd=rnd, repeat=args.repeat, reports=args.reports,
                 rss_reports=args.rss_reports)
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
