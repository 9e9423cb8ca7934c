"""Line breaking remembered across the reports a worker renders (WeasyPrint 70).

Every report sets the same texts in the same boxes: the indicators, the
column heads, the labels, most of the figures. WeasyPrint breaks each text
into lines with Pango (``split_first_line``: a layout, shaping, sometimes a
second and third try), a sixth of a render. With the styles shared across
reports (``reports.stylecache``), the same text in the same place comes with
the same style object, so ``install()`` keeps each result, keyed by the style,
the text, the available width and the other arguments, and gives it again.

``split_first_line`` is a function of exactly these (its ``context`` only
lends the hyphenation dictionaries), so a kept result is the one it would
compute. Each caller gets its own copy of the ``Layout`` object around the kept
Pango layout: WeasyPrint sets attributes on it, and a layout rebuilt for
drawing (``Layout.reactivate``) replaces the copy's Pango layout, not the kept
one. Nothing changes a kept Pango layout: drawing reads it
(``reports.textdraw``) and gives a line that needs upstream's drawing code a
layout of its own first.

The letters of SVG text (svg/text.py lays out each one alone, with a dummy
style made per text element) are kept too, keyed by the style's values that
differ from the initial ones.

The results are kept in a bounded least-recently-used table with their style,
so that the style's ``id`` in the key stays its own.
"""

from __future__ import annotations

import copy
from collections import OrderedDict

from . import layoutreuse

MAX_LINES = 3_000  # a report breaks about 550 texts and 170 chart letters, most known
_MISSING = object()
_lines: OrderedDict = OrderedDict()  # key -> (result, style)
_originals: dict = {}


def install() -> None:
    """Patch the ``split_first_line`` that inline layout and preferred widths call.

    Needs the kept layouts of ``reports.layoutreuse`` (upstream frees them).
    Safe to call twice.
    """
    if not layoutreuse._originals or _originals:
        return
    from weasyprint.layout import inline, preferred

    original = _originals["split_first_line"] = inline.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        key = (id(style), text, max_width, justification_spacing, is_line_start, minimum)
        kept = _lines.get(key)
        if kept is None:
            result = original(text, style, context, max_width, justification_spacing,
                              is_line_start, minimum)
            result[0].drawn = {}  # shared by the copies: what reports.textdraw read
            _lines[key] = kept = (result, style)
            if len(_lines) > MAX_LINES:
                _lines.popitem(last=False)
        else:
            _lines.move_to_end(key)
        layout, *metrics = kept[0]
        return (copy.copy(layout), *metrics)

    inline.split_first_line = preferred.split_first_line = split_first_line
    _install_for_svg_text()


def _install_for_svg_text():
    """The same for the letters of SVG text (svg/text.py lays out each letter alone).

    Their style is svg/text.py's dummy ``Style`` made for each text element: the
    initial values with the element's font, so the key takes the values that
    differ from the initial ones instead of the style object.
    """
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style
    from weasyprint.text import line_break

    original = _originals["line_break"] = line_break.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing,
                         is_line_start=True, minimum=False):
        if type(style) is not Style:  # not from svg/text.py
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        values = vars(style).get("linecache_values")
        if values is None:  # once per text element: svg/text.py no longer changes it
            values = style.linecache_values = tuple(
                (name, tuple(value) if type(value) is list else value)
                for name, value in style.items()
                if INITIAL_VALUES.get(name, _MISSING) is not value)
        key = (values, id(style.font_config), text, max_width, justification_spacing,
               is_line_start, minimum)
        try:
            kept = _lines.get(key)
        except TypeError:  # a value that cannot be hashed
            return original(text, style, context, max_width, justification_spacing,
                            is_line_start, minimum)
        if kept is None:
            result = original(text, style, context, max_width, justification_spacing,
                              is_line_start, minimum)
            result[0].drawn = {}
            _lines[key] = kept = (result, style)
            if len(_lines) > MAX_LINES:
                _lines.popitem(last=False)
        else:
            _lines.move_to_end(key)
        layout, *metrics = kept[0]
        layout = copy.copy(layout)
        layout.style = style  # an equal style: drawing keeps the layout (reactivate)
        return (layout, *metrics)

    line_break.split_first_line = split_first_line


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    inline.split_first_line = preferred.split_first_line = _originals.pop("split_first_line")
    line_break.split_first_line = _originals.pop("line_break")
    _lines.clear()


def own_layout(textbox) -> None:
    """Give ``textbox`` a Pango layout of its own, built as upstream builds one to
    draw (``Layout.reactivate``), before code that changes it draws the line."""
    layout = textbox.pango_layout
    layout.setup(textbox.style)
    layout.set_text(layout.text, justify=True)
