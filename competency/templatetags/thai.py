from django import template
from django.utils.html import format_html_join
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


@register.filter
def person_name(value):
    """A person's name whose line breaks only at its spaces. Thai has no spaces
    inside a word, so the browser breaks by a dictionary, and a name is not in
    it: a narrow column split surnames (สาย|ทอง, ศรี|ประเสริฐ). Each part of the
    name is kept whole; a long name still wraps between title-and-first-name
    and surname."""
    return format_html_join(" ", '<span class="text-nowrap">{}</span>',
                            ((part,) for part in str(value).split()))
