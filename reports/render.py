"""Render a report snapshot: the same template for the web page and the A4 PDF.

A worker keeps one ``FontConfiguration`` and the parsed stylesheets for its
whole life: a new configuration per report leaks native memory and re-parses
the fonts (see docs/thai-pdf-textlayer.md and the shared Thai PDF notes).
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import threading
import zlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from competency.choices import RaterGroup
from competency.scoring import NOTABLE_GAP, OTHERS
from competency.thaidate import thai_date

from .backgrounds import install as skip_empty_backgrounds
from .cellcache import install as keep_cell_layouts
from .charts import clear_of_line
from .collector import collector_paused
from .htmltree import weasyprint_html
from .layoutreuse import install as reuse_pango_layouts
from .linecache import install as remember_line_breaks
from .models import ReportSnapshot
from .snapshot_summary import sheet_summary
from .stylecache import install as share_computed_styles
from .textdraw import install as fix_thai_text_layer
from .thaibreaks import install as keep_compounds_whole
from .thaibreaks import unwrap_compounds

PRINT_CSS = ("css/report.css", "css/report-print.css")
FULL_PASS_EVERY = 100  # reports between two collector passes over the whole heap
FONT_WEIGHTS = {400: "Regular", 600: "SemiBold", 700: "Bold"}

# Ladder chart geometry (SVG user units).
CHART_W, CHART_H, BASE_Y, BAR_H, BAR_W, STEP, LEFT = 520, 190, 150, 120, 56, 90, 70
LABEL_SIZE = 13  # the bars' figures (font-size in the template)


def group_labels() -> dict[str, str]:
    labels = {g.value: str(g.label) for g in RaterGroup}
    labels[OTHERS] = _("ผู้ประเมินอื่น (รวมกลุ่ม)")
    return labels


def _ladder(comp: dict, pass_mark: float, scale_max: int) -> dict:
    """Bars for levels 1-5 (height: level score), attained ones filled, the pass mark line."""
    bars = []
    pass_y = round(BASE_Y - BAR_H * pass_mark / scale_max, 1)
    for level in comp["levels"]:
        score = level["score"] or 0.0
        h = round(BAR_H * min(score, scale_max) / scale_max, 1)
        x = LEFT + (level["number"] - 1) * STEP
        bars.append({
            "number": level["number"], "x": x, "y": round(BASE_Y - h, 1), "h": h,
            "w": BAR_W, "cx": x + BAR_W / 2, "score": level["score"],
            "label_y": clear_of_line(round(BASE_Y - h - 6, 1), pass_y, LABEL_SIZE),
            "attained": level["attained"],
            "expected": level["number"] == comp["expected_level"],
            "shown": level["number"] == comp["shown_level"],
        })
    return {
        "w": CHART_W, "h": CHART_H, "base_y": BASE_Y, "top_y": BASE_Y - BAR_H,
        "left": LEFT - 14, "right": LEFT + 4 * STEP + BAR_W + 14, "pass_y": pass_y,
        "pass_label_y": pass_y + 4, "axis_x": LEFT - 20, "level_y": BASE_Y + 20,
        "mark_y": BASE_Y + 36, "bars": bars,
        "ticks": [{"v": v, "y": round(BASE_Y - BAR_H * v / scale_max, 1)}
                  for v in range(scale_max + 1)],
    }


def _self_vs_others(comp: dict) -> list[dict]:
    """Indicators where the self rating differs from the others' by NOTABLE_GAP or more."""
    rows = []
    for level in comp["levels"]:
        for ind in level["indicators"]:
            if ind["self"] is None or ind["others"] is None:
                continue
            diff = ind["self"] - ind["others"]
            if abs(diff) >= NOTABLE_GAP - 1e-9:
                rows.append({**ind, "diff": diff, "higher": diff > 0})
    return rows


def _insight_tables(comp: dict, rnd: dict) -> dict:
    """Titles beside the schema 3 lists (none for older reports, which keep their layout)."""
    if "top" not in comp:
        return {"insights": False, "notable_gap": None}
    return {
        "insights": True,
        "notable_gap": rnd.get("gap_threshold"),
        "scale_points": list(range(rnd["scale_max"] + 1)),
        "gap_tables": [
            (_("จุดบอด: ประเมินตนเองสูงกว่าผู้อื่น"), comp["blind_spots"],
             _("ไม่มีข้อที่ประเมินตนเองสูงกว่าผู้อื่นถึงเกณฑ์")),
            (_("จุดแข็งที่ซ่อนอยู่: ผู้อื่นประเมินสูงกว่าตนเอง"), comp["hidden_strengths"],
             _("ไม่มีข้อที่ผู้อื่นประเมินสูงกว่าตนเองถึงเกณฑ์")),
        ],
        "rank_tables": [
            (_("พฤติกรรมที่ได้คะแนนรวมสูงสุด"), comp["top"]),
            (_("พฤติกรรมที่ได้คะแนนรวมต่ำสุด"), comp["bottom"]),
        ],
    }


def _agreed_plan(plan: dict | None, digits: bool) -> dict | None:
    """The agreed development plan (``ReportSnapshot.plan_data``) by competency,
    its dates in the Buddhist Era as the round writes digits."""
    if not plan:
        return None
    by_code: dict[str, list[dict]] = {}
    for item in plan["items"]:
        by_code.setdefault(item["competency"], []).append({
            **item,
            "starts": thai_date(dt.date.fromisoformat(item["starts_on"]), short=True,
                                digits=digits),
            "ends": thai_date(dt.date.fromisoformat(item["ends_on"]), short=True, digits=digits),
        })
    return {"agreed_on": thai_date(dt.date.fromisoformat(plan["agreed_on"]), digits=digits),
            "by_code": by_code}


def report_context(*, snapshot: ReportSnapshot, for_pdf: bool = False) -> dict:
    data = snapshot.data
    rnd = data["round"]
    digits = bool(rnd["thai_digits"])
    competencies = []
    for comp in data["competencies"]:
        competencies.append({
            **comp,
            "ladder": _ladder(comp, rnd["pass_mark"], rnd["scale_max"]),
            "self_vs_others": _self_vs_others(comp),
            "has_self": "self" in comp["groups"],
            "has_others": any(g != "self" for g in comp["groups"]),
            **_insight_tables(comp, rnd),
        })
    return {
        "report": data,
        "snapshot": snapshot,
        "competencies": competencies,
        "digits": digits,
        "labels": group_labels(),
        "issued": thai_date(snapshot.issued_at, digits=digits),
        # A reissued report says so (never why: see reports/notices.py).
        "issue": snapshot.issue,
        "replaces": (thai_date(snapshot.replaces_issued_at, digits=digits)
                     if snapshot.issue > 1 and snapshot.replaces_issued_at else ""),
        "for_pdf": for_pdf,
        "multi": len(competencies) > 1,
        "plan": _agreed_plan(snapshot.plan_data, digits),
    }


def report_html(*, snapshot: ReportSnapshot) -> str:
    """The complete HTML document that becomes the PDF (always Thai: an official record)."""
    with translation.override("th"):
        html = render_to_string(
            "reports/report_pdf.html", report_context(snapshot=snapshot, for_pdf=True)
        )
    # Pango keeps the compounds whole in the PDF (reports/thaibreaks.py).
    return unwrap_compounds(html)


def font_face_css() -> str:
    """@font-face rules with file URLs of the shipped Sarabun, for WeasyPrint."""
    root = Path(settings.SARABUN_FONT_DIR)
    rules = []
    for weight, name in FONT_WEIGHTS.items():
        for style, suffix in (("normal", ""), ("italic", "Italic")):
            file = root / (f"Sarabun-{name}{suffix}.ttf" if name != "Regular" or not suffix
                           else "Sarabun-Italic.ttf")
            if file.exists():
                rules.append(
                    f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
                    f'font-style: {style}; src: url("{file.as_uri()}"); }}'
                )
    return "\n".join(rules)


class _Renderer:
    """Per process: one font configuration, the stylesheets parsed once."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fix_thai_text_layer()
        keep_compounds_whole()
        reuse_pango_layouts()
        share_computed_styles()
        remember_line_breaks()
        keep_cell_layouts()
        skip_empty_backgrounds()
        _deflate_streams_at_default_level()
        _serialize_plain_values_first()
        self.font_config = FontConfiguration()
        css = [font_face_css()]
        for name in PRINT_CSS:
            path = finders.find(name)
            css.append(Path(path).read_text(encoding="utf-8"))
        self.stylesheets = [CSS(string="\n".join(css), font_config=self.font_config)]
        # WeasyPrint shares Pango state: render one document at a time per process.
        self.lock = threading.Lock()
        self.renders = 0

    def pdf(self, html: str) -> bytes:
        with self.lock:
            # The collector is paused during a render and makes one pass after
            # it (see _collect): passes mid-render would walk the render's tens
            # of thousands of objects again and again.
            with collector_paused():
                content = weasyprint_html(html, base_url=str(settings.BASE_DIR)).write_pdf(
                    stylesheets=self.stylesheets, font_config=self.font_config,
                    # A tagged PDF (structure tree, reading order) for screen
                    # readers; the text layer's ActualText spans nest inside the tags.
                    pdf_tags=True,
                )
            self._collect()
            return content

    def _collect(self) -> None:
        """One collector pass over what the render left, then freeze what survived.

        After the first report, everything alive (Django, WeasyPrint, this
        renderer) is frozen, out of the cyclic collector's reach: in a prefork
        worker it also keeps the collector from touching (and copying) the
        parent's pages. What a render adds to the renderer's tables (styles,
        line breaks, cells: reports/stylecache.py, linecache.py, cellcache.py)
        is frozen after its pass too; left in the collector's reach, it made the
        pass after every render walk all of it, 20 ms after 60 reports and more
        as the tables fill (docs/benchmarks.md). An entry the tables drop is
        freed by reference counting; one in a reference cycle (a style and its
        anonymous style) waits for the full pass every FULL_PASS_EVERY reports
        (some 4 MB of them in 100 reports of new people).
        """
        self.renders += 1
        if self.renders == 1 or self.renders % FULL_PASS_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()


class _DefaultLevelZlib:
    """``zlib`` as pydyf sees it, deflating at the default level.

    pydyf compresses every PDF stream at level 9, which costs twice the CPU of
    the default level 6 for files 0.3 % smaller (docs/benchmarks.md).
    """

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compress(data, level=zlib.Z_DEFAULT_COMPRESSION, **kwargs):
        return zlib.compress(data, zlib.Z_DEFAULT_COMPRESSION, **kwargs)

    @staticmethod
    def compressobj(level=zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)


def _deflate_streams_at_default_level() -> None:
    import pydyf

    pydyf.zlib = _DefaultLevelZlib()


_upstream_to_bytes = None


def _plain_values_first(item):
    """pydyf's ``_to_bytes``, testing the exact plain types first.

    pydyf calls it for every operand and dictionary entry it writes (some 40,000
    a report) and tries ``isinstance`` for bytes, float and its own objects in
    turn; these branches give its bytes for the four plain types, anything
    else (subclasses included) goes to pydyf's.
    """
    kind = type(item)
    if kind is bytes:
        return item
    if kind is str:
        return item.encode('ascii')
    if kind is float:
        if item.is_integer():
            return str(int(item)).encode('ascii')
        return f'{item:f}'.rstrip('0').encode('ascii')
    if kind is int:
        return str(item).encode('ascii')
    return _upstream_to_bytes(item)


def _serialize_plain_values_first() -> None:
    global _upstream_to_bytes
    import pydyf

    if _upstream_to_bytes is None:
        _upstream_to_bytes = pydyf._to_bytes
        pydyf._to_bytes = _plain_values_first


_renderer: _Renderer | None = None
_renderer_lock = threading.Lock()


def renderer() -> _Renderer:
    global _renderer
    if _renderer is None:
        with _renderer_lock:
            if _renderer is None:
                _renderer = _Renderer()
                # Drop it before interpreter shutdown tears down what its __del__ needs.
                atexit.register(_drop_renderer)
    return _renderer


def _drop_renderer() -> None:
    global _renderer
    _renderer = None


def report_pdf(*, snapshot: ReportSnapshot) -> bytes:
    return renderer().pdf(report_html(snapshot=snapshot))


def summary_sheet_context(*, snapshot: ReportSnapshot) -> dict:
    data = snapshot.data
    summary = sheet_summary(data)
    total = sum(line["weight"] for line in summary["sheet"] if line["counted"])
    return {"report": {**data, "summary": summary}, "digits": bool(data["round"]["thai_digits"]),
            "sheet_weight_total": int(total) if float(total).is_integer() else total}


def summary_sheet_pdf(*, snapshot: ReportSnapshot) -> bytes:
    with translation.override("th"):
        html = render_to_string("reports/summary_sheet.html",
                                summary_sheet_context(snapshot=snapshot))
    return renderer().pdf(unwrap_compounds(html))
