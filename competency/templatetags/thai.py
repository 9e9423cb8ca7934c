from django import template
from django.utils.translation import get_language

from competency import thaidate

register = template.Library()


@register.filter
def thai_date(value, arg: str = ""):
    """Buddhist-era date. ``arg``: "short" for abbreviated months, "digits" for Thai digits."""
    opts = set(filter(None, str(arg).split(",")))
    if (get_language() or "th").startswith("en") and "always" not in opts:
        # In local time, as the Thai date is (a UTC date beside a local time was a day out).
        return thaidate.shown_date(value, short=True)
    return thaidate.thai_date(value, short="short" in opts, digits="digits" in opts)


@register.filter
def thai_digits(value, enabled: bool = True):
    return thaidate.thai_digits(value) if enabled else value
