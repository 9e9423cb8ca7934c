"""Thai compounds kept on one line in the PDF by Pango itself, not by a span each.

Thai has no spaces between words, and Pango (with libthai) breaks lines
between dictionary words, so a compound such as ผู้|รับ|บริการ could be split
across lines. The web page wraps each compound in a ``nowrap`` span (the
``nobr`` filter). In the PDF a span is an inline box that WeasyPrint lays out
and splits on its own: the 30 or so in a report's scores table cost about a
tenth of the render (docs/benchmarks.md). Instead, ``install()`` gives every
Pango layout WeasyPrint makes a "no break" attribute over each compound
(``pango_attr_allow_breaks_new``, Pango 1.44+), so the renderer can drop the
compounds' spans (``unwrap_compounds``). Breaks before and after a compound
stay allowed, which the spans did not allow either.
"""

from __future__ import annotations

import re

from .templatetags.report_tags import COMPOUNDS
from .textlayer import weasyprint_is_pinned

_ANY_COMPOUND = "|".join(map(re.escape, COMPOUNDS))  # longest first
_COMPOUND_BYTES = re.compile(_ANY_COMPOUND.encode())
# A span of the ``nobr`` filter around a compound and nothing else.
_COMPOUND_SPAN = re.compile(f'<span class="nobr">({_ANY_COMPOUND})</span>')
_originals: dict = {}


def unwrap_compounds(html: str) -> str:
    """The report HTML without the spans that only hold a compound (with another
    WeasyPrint than the pinned one nothing is patched, so the spans stay)."""
    return _COMPOUND_SPAN.sub(r"\1", html) if weasyprint_is_pinned() else html


def install() -> None:
    """Patch WeasyPrint's ``Layout.set_text``. Safe to call twice."""
    if _originals or not weasyprint_is_pinned():
        return
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, gobject, pango  # noqa: F401 (gobject: cdef types)

    ffi.cdef("""
        PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);
        PangoAttrList * pango_attr_list_copy (PangoAttrList *list);
    """)
    original = _originals["set_text"] = line_break.Layout.set_text

    def set_text(self, text, justify=False):
        original(self, text, justify)
        utf8 = self.text.encode()
        matches = [m.span() for m in _COMPOUND_BYTES.finditer(utf8)]
        if not matches:
            return
        current = pango.pango_layout_get_attributes(self.layout)
        attrs = ffi.gc(
            pango.pango_attr_list_new() if current == ffi.NULL
            else pango.pango_attr_list_copy(current),
            pango.pango_attr_list_unref)
        for start, end in matches:
            attr = pango.pango_attr_allow_breaks_new(False)
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_insert(attrs, attr)
        pango.pango_layout_set_attributes(self.layout, attrs)

    line_break.Layout.set_text = set_text
