"""Filters of the report template: figures (Thai digits on request), unbreakable Thai compounds."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from competency.scoring import NOTABLE_GAP
from competency.thaidate import thai_digits

register = template.Library()

# Thai has no spaces between words and Pango breaks lines between dictionary
# words, so compounds such as ผู้|รับ|บริการ could be split across lines. Keep
# these whole (longest first so that a longer compound wins).
COMPOUNDS = sorted(
    {
        # People in the report: the issue's own example and its kin.
        "ผู้รับบริการ", "ผู้บังคับบัญชา", "ผู้ใต้บังคับบัญชา", "ผู้รับการประเมิน", "ผู้ประเมิน",
        "เพื่อนร่วมงาน",
        # Compounds seen split by the line breaker in the Service Mind texts.
        "ต่อเนื่อง", "แม้ว่า", "มาก่อน",
        "สูงสุด", "ระยะยาว", "ไว้วางใจ", "ยิ่งขึ้น", "ดำเนินเรื่อง",
        # The round's name and position levels (the summary sheet split "ปี|งบประมาณ").
        "รอบก่อน", "รอบนี้", "ปีงบประมาณ", "ชำนาญการพิเศษ", "ชำนาญการ", "ชำนาญงาน", "ทักษะพิเศษ",
        # Chart captions ("เส้น|ประ" was split in the ladder's caption).
        "เส้นประ", "สีเข้ม", "สีเทา", "สีแดง", "เกณฑ์ผ่าน",
    },
    key=len,
    reverse=True,
)
# The web page keeps these spans; the PDF drops them and has Pango keep the
# compounds whole instead (reports/thaibreaks.py), since WeasyPrint lays out
# each span as an inline box of its own and finds no break where one meets Thai.
_COMPOUND_RE = re.compile("|".join(map(re.escape, COMPOUNDS)))


@register.filter
def fig(value, digits=False):
    """A score with two decimals, or a dash when there is none."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):.2f}"
    return thai_digits(text) if digits else text


@register.filter
def num(value, digits=False):
    if value is None or value == "":
        return "–"
    return thai_digits(str(value)) if digits else str(value)


@register.filter
def nobr(value):
    """Escape, then wrap known Thai compounds in a span that never breaks."""
    text = escape(value)
    return mark_safe(  # noqa: S308 - the text was escaped above; only our spans are added
        _COMPOUND_RE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', text)
    )


# Where a rater-group label may break in a narrow column header: at the
# compound's own boundary, never inside a word (Pango would split a character
# cluster when a word is wider than the column).
_HEADER_BREAKS = {
    "ผู้บังคับบัญชา": ("ผู้บังคับ", "บัญชา"),
    "ผู้ใต้บังคับบัญชา": ("ผู้ใต้", "บังคับบัญชา"),
    "เพื่อนร่วมงาน": ("เพื่อน", "ร่วมงาน"),
    "ผู้รับบริการ": ("ผู้รับ", "บริการ"),
    # The pooled anonymous groups: whole, it ran into the next column's header.
    "ผู้ประเมินอื่น (รวมกลุ่ม)": ("ผู้ประเมินอื่น", "(รวมกลุ่ม)"),
}


@register.filter
def header_lines(value):
    """A column header on up to two unbreakable lines."""
    parts = _HEADER_BREAKS.get(str(value), (str(value),))
    return mark_safe(  # noqa: S308 - each part is escaped
        "<br>".join(f'<span class="nobr">{escape(p)}</span>' for p in parts)
    )


@register.filter
def label(labels, key):
    return labels.get(key, key)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


# Summary chart (shown against expected level per competency), SVG user units.
SUM_W, SUM_LEFT, SUM_UNIT, SUM_TOP, SUM_ROW, SUM_BAR = 540, 96, 84, 26, 40, 18


@register.simple_tag
def summary_chart(competencies) -> dict:
    """Geometry of the summary chart: one row per competency, a bar up to the
    shown level (0-5), a red mark at the expected level, a thin grey bar for
    the previous round's shown level when there is one."""
    rows = []
    for n, comp in enumerate(competencies):
        y = SUM_TOP + n * SUM_ROW
        shown = comp.get("shown_level") or 0
        expected = comp.get("expected_level")
        prev = (comp.get("previous") or {}).get("shown_level")
        rows.append({
            "code": comp["code"], "y": y, "bar_y": y + 4, "bar_w": shown * SUM_UNIT,
            "mid_y": y + 4 + SUM_BAR / 2 + 4, "shown": comp.get("shown_level"),
            "meets": comp.get("meets_expected"),
            # The figure sits inside the end of its bar (white), or just right of the axis.
            "value_x": SUM_LEFT + shown * SUM_UNIT - 6 if shown else SUM_LEFT + 6,
            "value_inside": bool(shown),
            "expected_x": SUM_LEFT + expected * SUM_UNIT if expected is not None else None,
            "mark_top": y, "mark_bottom": y + SUM_BAR + 8,
            "prev_w": prev * SUM_UNIT if prev is not None else None,
            "prev_y": y + 4 + SUM_BAR + 1,
        })
    bottom = SUM_TOP + len(rows) * SUM_ROW
    return {
        "w": SUM_W, "h": bottom + 8, "left": SUM_LEFT, "bar_h": SUM_BAR, "top": SUM_TOP - 6,
        "bottom": bottom, "label_x": SUM_LEFT - 10, "axis_y": SUM_TOP - 12, "rows": rows,
        "ticks": [{"v": v, "x": SUM_LEFT + v * SUM_UNIT} for v in range(6)],
        "any_previous": any(r["prev_w"] is not None for r in rows),
    }


# Trend chart (previous against current level scores), SVG user units.
TR_W, TR_H, TR_BASE, TR_BAR_H, TR_LEFT, TR_STEP, TR_BAR = 460, 150, 116, 92, 40, 72, 24


@register.simple_tag
def trend_chart(comp, pass_mark, scale_max=3) -> dict:
    """Paired bars per level: the previous round's score beside this round's."""
    previous = {lv["number"]: lv.get("score") for lv in comp["previous"]["levels"]}

    from ..charts import clear_of_line

    pass_y = round(TR_BASE - TR_BAR_H * pass_mark / scale_max, 1)

    def bar(score, x):
        h = round(TR_BAR_H * min(score or 0.0, scale_max) / scale_max, 1)
        return {"x": x, "y": round(TR_BASE - h, 1), "h": h, "score": score,
                "cx": x + TR_BAR / 2,
                "label_y": clear_of_line(round(TR_BASE - h - 4, 1), pass_y, 10)}

    levels = []
    for level in comp["levels"]:
        x = TR_LEFT + (level["number"] - 1) * TR_STEP
        levels.append({
            "number": level["number"], "cx": x + TR_BAR + 1,
            "before": bar(previous.get(level["number"]), x),
            "now": bar(level.get("score"), x + TR_BAR + 2),
        })
    right = TR_LEFT + 4 * TR_STEP + 2 * TR_BAR + 10
    return {
        "w": TR_W, "h": TR_H, "base_y": TR_BASE, "bar_w": TR_BAR, "pass_y": pass_y,
        "left": TR_LEFT - 8, "right": right, "label_x": right + 4, "level_y": TR_BASE + 18,
        "axis_x": TR_LEFT - 12, "levels": levels,
        "ticks": [{"v": v, "y": round(TR_BASE - TR_BAR_H * v / scale_max, 1)}
                  for v in range(scale_max + 1)],
    }


@register.filter
def mentions(text, word) -> bool:
    """Whether a (round) name already says ``word``, to avoid saying it twice."""
    return bool(text) and str(word) in str(text)


@register.filter
def bandtop(index, bands) -> int:
    """The highest whole percent of band ``index`` (the next band's lower bound - 1)."""
    return int(bands[index - 1]["lower"]) - 1




@register.filter(name="and_")
def and_(value, other) -> bool:
    return bool(value) and bool(other)


def self_gap(indicator):
    """Self minus the others' mean of an indicator row, or None when either is missing."""
    if indicator.get("self") is None or indicator.get("others") is None:
        return None
    return indicator["self"] - indicator["others"]


@register.filter
def self_gap_notable(indicator, threshold=None) -> bool:
    """``threshold``: the round's (schema 3); older reports marked half a point."""
    gap = self_gap(indicator)
    limit = NOTABLE_GAP if threshold in (None, "") else float(threshold)
    return gap is not None and abs(gap) >= limit - 1e-9


@register.filter
def signed(value, digits=False) -> str:
    """A difference with its sign: +1.33 or −1.00."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):+.2f}".replace("-", "−")
    return thai_digits(text) if digits else text


@register.filter
def sub(value, other):
    return value - other


@register.simple_tag
def group_chart(comp, pass_mark, scale_max=3):
    from ..charts import group_chart as chart

    return chart(comp, pass_mark=float(pass_mark), scale_max=int(scale_max))


@register.filter
def higher(rows, self_higher) -> list:
    """Rows of the self-against-others list where the self rating is (not) the higher."""
    return [r for r in rows or () if bool(r.get("higher")) == bool(self_higher)]


@register.filter
def gaps(rows, digits=False) -> str:
    """Self-against-others rows in words: "ข้อ 1.2 (ตนเอง 3.00 ผู้อื่น 2.00), ..."."""
    from django.utils.translation import gettext as _

    return ", ".join(
        _("ข้อ %(code)s (ตนเอง %(self)s ผู้อื่น %(others)s)") % {
            "code": num(r["code"], digits), "self": fig(r["self"], digits),
            "others": fig(r["others"], digits)}
        for r in rows
    )
