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

The results are kept in a bounded least-recently-used table with their style,
so that the style's ``id`` in the key stays its own.
"""

from __future__ import annotations

import copy
from collections import OrderedDict

from . import layoutreuse

MAX_LINES = 3_000  # a report breaks about 550 texts, most of them the same each time
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
            _lines[key] = kept = (result, style)
            if len(_lines) > MAX_LINES:
                _lines.popitem(last=False)
        else:
            _lines.move_to_end(key)
        layout, *metrics = kept[0]
        return (copy.copy(layout), *metrics)

    inline.split_first_line = preferred.split_first_line = split_first_line


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.layout import inline, preferred

    inline.split_first_line = preferred.split_first_line = _originals.pop("split_first_line")
    _lines.clear()


def own_layout(textbox) -> None:
    """Give ``textbox`` a Pango layout of its own, built as upstream builds one to
    draw (``Layout.reactivate``), before code that changes it draws the line."""
    layout = textbox.pango_layout
    layout.setup(textbox.style)
    layout.set_text(layout.text, justify=True)
