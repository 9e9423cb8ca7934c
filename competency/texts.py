"""The catalogue's texts in the page's language."""

from django.utils.translation import get_language


def in_language(obj, field: str) -> str:
    """``obj.<field>_en`` on an English page when the catalogue has it, else
    ``obj.<field>_th``. The Thai text is the official one (the OCSC
    dictionary); the English is optional (docs/dictionary-format.md), so a
    competency without it reads in Thai on the English page too."""
    if (get_language() or "th").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_th")
