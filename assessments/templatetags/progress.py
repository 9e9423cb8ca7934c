"""``{% progress_bar percent %}``: the completion bar of the rating form and the
HR dashboard (templates/assessments/_bar.html is this tag too).

A tag rather than an include: the dashboard draws one bar per unit, and an
include per row (a sub-template, a context push, a translation each) cost
more than the rest of the page's rendering.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def progress_bar(percent) -> SafeString:
    percent = int(percent or 0)
    done = " bg-success" if percent == 100 else ""
    label = escape(gettext("ความคืบหน้า"))
    return mark_safe(  # noqa: S308 - an int and an escaped label
        f'<div class="progress progress-bar-wrap" role="progressbar" aria-valuenow="{percent}" '
        f'aria-valuemin="0" aria-valuemax="100" aria-label="{label}">\n'
        f'  <div class="progress-bar pct-{percent}{done}"></div>\n</div>'
    )
