"""``{{ competency|in_language:"name" }}``: a catalogue text in the page's language."""

from django import template

from competency.texts import in_language

register = template.Library()
register.filter("in_language", in_language)
