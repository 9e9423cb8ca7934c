"""Filters of the report template: figures (Thai digits on request), unbreakable Thai compounds."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
    },
    key=len,
    reverse=True,
)
# WeasyPrint finds no break opportunity where a span meets Thai text, so every
# span glues its neighbours into one unbreakable run: keep the list short.
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
def signed(value, digits=False):
    text = f"{float(value):+.2f}"
    return thai_digits(text) if digits else text


@register.filter
def nobr(value):
    """Escape, then wrap known Thai compounds in a span that never breaks."""
    text = escape(value)
    return mark_safe(  # noqa: S308 - the text was escaped above; only our spans are added
        _COMPOUND_RE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', text)
    )


@register.filter
def label(labels, key):
    return labels.get(key, key)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
