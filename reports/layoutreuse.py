"""Drawing reuses the Pango layout that line breaking made (WeasyPrint 70).

WeasyPrint frees each text's Pango layout as soon as a line is broken
(``Layout.deactivate``) and builds it again to draw that line
(``Layout.reactivate``): a new Pango context and font description, the text
and its attributes again, and Pango's shaping and line breaking a second time.
Keeping the layout until the line is drawn gives the same glyphs at the same
places (byte-identical PDFs, tests/reports/test_layoutreuse.py) for about 6 %
less CPU per report. The layouts are freed with the document's boxes.

A layout is rebuilt as upstream does when it was made for another style, or
for justified text (drawing adds the justification's word spacing).

Drawing switches a layout to Pango's single-paragraph mode
(``draw_first_line``), and a switch makes Pango shape the whole text again.
A text without paragraph separators is one paragraph in either mode, so its
layout is in that mode from the start (``Layout.set_text``): the kept layout is
drawn as it was broken, with no second shaping. A text with a separator keeps
upstream's order (broken in the normal mode, switched when drawn).
"""

from __future__ import annotations

import re

from .textlayer import weasyprint_is_pinned

# What Pango may take for the end of a paragraph (pango_find_paragraph_boundary:
# \n, \r, U+2029), and, to be safe, the other Unicode line and page separators.
_PARAGRAPH_SEPARATOR = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_originals: dict = {}


def install() -> None:
    """Patch ``Layout.deactivate``, ``reactivate`` and ``set_text``. Safe to call twice."""
    if not weasyprint_is_pinned() or _originals:
        return  # another version: keep its behaviour (see the module docstring)
    from weasyprint.text.ffi import pango
    from weasyprint.text.line_break import Layout

    _originals.update(deactivate=Layout.deactivate, reactivate=Layout.reactivate,
                      set_text=Layout.set_text)
    set_text_before = Layout.set_text  # with reports.thaibreaks' attributes when installed

    def deactivate(self):
        """Keep the Pango layout: drawing the line will need it again."""

    def reactivate(self, style):
        if (getattr(self, "layout", None) is not None and self.style is style
                and not self.justification_spacing):
            return  # still the layout of this text in this style
        _originals["reactivate"](self, style)

    def set_text(self, text, justify=False):
        set_text_before(self, text, justify)
        # Before Pango lays the text out (it does so lazily), so no extra work.
        pango.pango_layout_set_single_paragraph_mode(
            self.layout, _PARAGRAPH_SEPARATOR.search(self.text) is None)

    Layout.deactivate, Layout.reactivate, Layout.set_text = deactivate, reactivate, set_text


def uninstall() -> None:
    """Back to upstream behaviour (for the test that compares both)."""
    if not _originals:
        return
    from weasyprint.text.line_break import Layout

    Layout.deactivate, Layout.reactivate = _originals["deactivate"], _originals["reactivate"]
    Layout.set_text = _originals["set_text"]
    _originals.clear()
