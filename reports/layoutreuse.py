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
"""

from __future__ import annotations

from .textlayer import weasyprint_is_pinned

_originals: dict = {}


def install() -> None:
    """Patch ``Layout.deactivate`` and ``Layout.reactivate``. Safe to call twice."""
    if not weasyprint_is_pinned() or _originals:
        return  # another version: keep its behaviour (see the module docstring)
    from weasyprint.text.line_break import Layout

    _originals.update(deactivate=Layout.deactivate, reactivate=Layout.reactivate)

    def deactivate(self):
        """Keep the Pango layout: drawing the line will need it again."""

    def reactivate(self, style):
        if (getattr(self, "layout", None) is not None and self.style is style
                and not self.justification_spacing):
            return  # still the layout of this text in this style
        _originals["reactivate"](self, style)

    Layout.deactivate, Layout.reactivate = deactivate, reactivate


def uninstall() -> None:
    """Back to upstream behaviour (for the test that compares both)."""
    if not _originals:
        return
    from weasyprint.text.line_break import Layout

    Layout.deactivate, Layout.reactivate = _originals["deactivate"], _originals["reactivate"]
    _originals.clear()
