"""Table cells and paragraphs of text laid out once across reports (WeasyPrint 70).

Most cells of a report hold the same text as cells of every other report: the
indicators, the column heads, the figures (3.00, 2.50, -); so do most of its
paragraphs and headings. WeasyPrint lays out each one's lines in Python
(``block_container_layout``: line boxes, inline boxes, vertical alignment),
some 150 µs a cell and 250 cells a report, even when the text's line breaking
is remembered (``reports.linecache``).

``install()`` lays out a cell or a block of text (line boxes of text and inline
boxes only: no floats, images, inline blocks, positioned boxes or first-line
styles) at the origin, keeps the result, and places a copy of it at the box's
position: translated, with the box's own elements. A box with the same kind,
style, width, edges, content (each box's type, element tag, style object and
text) and, for a block, the same margins collapsing with its top margin gets
the kept layout. Such a layout depends on no position: a cell is its own block
formatting context, a block is taken only when no float is in its context,
and with the page bottom out of reach nothing breaks. The placed copy is then
checked against the page bottom as WeasyPrint checks each line; a box that
would not fit is laid out by upstream's code at its place.

Every such box, kept or not, is laid out at the origin and translated, so a
PDF does not depend on what the worker rendered before. The coordinates are
those of upstream's layout up to the rounding of the additions (a difference
in the last bits, below what the PDF writes but for the odd number written
``63`` instead of ``63.``). The kept boxes are bounded (least recently used
out); an entry holds the styles and elements its key and copies refer to.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from math import inf

from . import linecache

MAX_CELLS = 2_000  # a report lays out about 250 cells and 60 blocks, most of them known
_cells: OrderedDict = OrderedDict()  # key -> _Kept
_originals: dict = {}
_MOVED = ("position_x", "position_y")  # the placed copy's coordinates


class _Kept:
    """A cell laid out at the origin, and what the layout set on the cell box."""

    __slots__ = ("box", "changed", "elements", "result", "tail")

    def __init__(self, box, changed, elements, result, tail):
        self.box, self.changed, self.elements, self.result = box, changed, elements, result
        self.tail = tail  # what upstream returns after the box: next page, margins...


def install() -> None:
    """Patch ``block_container_layout`` for table cells. Needs reports.linecache
    (shared styles, kept layouts). Safe to call twice."""
    if not linecache._originals or _originals:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    original = _originals["block_container_layout"] = block.block_container_layout

    def block_container_layout(context, box, bottom_space, skip_stack, page_is_empty,
                               absolute_boxes, fixed_boxes, adjoining_margins,
                               first_letter_style, first_line_style, discard, max_lines):
        args = (context, box, bottom_space, skip_stack, page_is_empty, absolute_boxes,
                fixed_boxes, adjoining_margins, first_letter_style, first_line_style,
                discard, max_lines)
        kind = type(box)
        if kind is boxes.TableCellBox and adjoining_margins is None:  # as a table lays it out
            margins = None
        elif kind is boxes.BlockBox and not context.excluded_shapes:  # no float to avoid
            margins = None if adjoining_margins is None else tuple(adjoining_margins)
        else:
            return original(*args)
        if (skip_stack is not None or first_letter_style or first_line_style or discard
                or max_lines is not None):
            return original(*args)
        content = _content(box, boxes)
        if content is None:
            return original(*args)
        fingerprint, elements = content
        key = (kind, id(box.style), box.width, _edges(box), margins, fingerprint)
        kept = _cells.get(key)
        if kept is None:
            kept = _lay_out_at_origin(original, context, box, absolute_boxes, fixed_boxes,
                                      elements, None if margins is None else list(margins))
            if kept is None:
                return original(*args)
            _cells[key] = kept
            if len(_cells) > MAX_CELLS:
                _cells.popitem(last=False)
        else:
            _cells.move_to_end(key)
        placed = _place(kept, box, elements, context, bottom_space, page_is_empty)
        if placed is None:
            return original(*args)
        if adjoining_margins is not None:
            adjoining_margins.append(box.margin_top)  # as upstream does to the caller's list
        return placed

    block.block_container_layout = block_container_layout


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.layout import block

    block.block_container_layout = _originals.pop("block_container_layout")
    _cells.clear()


def _content(cell, boxes):
    """The cell content's fingerprint and elements, or None if it is not plain text."""
    if cell.first_line_style is not None or cell.first_letter_style is not None:
        return None
    if cell.style["position"] != "static" or cell.style["max_lines"] != "none":
        return None
    children = cell.children
    if not children:
        return None
    if len(children) != 1 or type(children[0]) is not boxes.LineBox:
        return None
    elements = []
    fingerprint = _walk(children[0], boxes, elements)
    return None if fingerprint is None else (fingerprint, elements)


def _walk(box, boxes, elements):
    kind = type(box)
    style = box.style
    if style["position"] != "static" or style["float"] != "none":
        return None
    elements.append(box.element)
    if kind is boxes.TextBox:
        return kind, id(style), box.element_tag, box.text
    if kind is not boxes.LineBox and kind is not boxes.InlineBox:
        return None  # an image, an inline block...
    inner = []
    for child in box.children:
        walked = _walk(child, boxes, elements)
        if walked is None:
            return None
        inner.append(walked)
    return kind, id(style), box.element_tag, tuple(inner)


def _edges(box):
    return (box.margin_top, box.margin_right, box.margin_bottom, box.margin_left,
            box.padding_top, box.padding_right, box.padding_bottom, box.padding_left,
            box.border_top_width, box.border_right_width, box.border_bottom_width,
            box.border_left_width)


def _lay_out_at_origin(original, context, box, absolute_boxes, fixed_boxes, elements,
                       adjoining_margins):
    """Upstream's layout of the box at (0, 0) with no page bottom, kept; or None."""
    x, y = box.position_x, box.position_y
    before = dict(vars(box))
    box.position_x = box.position_y = 0
    try:
        new_box, resume_at, next_page, adjoining_margins, collapsing_through, _ = original(
            context, box, -inf, None, False, absolute_boxes, fixed_boxes, adjoining_margins,
            None, None, False, None)
    finally:
        box.position_x, box.position_y = x, y
    if new_box is None or resume_at is not None or next_page["break"] != "any":
        return None
    changed = tuple(name for name, value in vars(new_box).items()
                    if name != "children" and (name not in before or before[name] is not value
                                               or name in _MOVED))
    if set(changed) - {"height", *_MOVED}:
        return None  # the layout set more on the cell than this module copies
    return _Kept(box, changed, list(elements), _copy(new_box, 0, 0, {}),
                 (next_page, adjoining_margins, collapsing_through))


def _place(kept, box, elements, context, bottom_space, page_is_empty):
    """The kept layout at the cell's place, with its elements; None if it would not fit."""
    dx, dy = box.position_x, box.position_y
    lines = kept.result.children
    offset_y = box.border_bottom_width + box.padding_bottom
    for i, line in enumerate(lines):
        # As _linebox_layout checks each line (the box's bottom edge after the last).
        bottom = line.position_y + dy + line.height + (offset_y if i == len(lines) - 1 else 0)
        if (i or not page_is_empty) and context.overflows_page(bottom_space, bottom):
            return None
    mapping = {id(old): new for old, new in zip(kept.elements, elements, strict=True)}
    new_box = box.copy()
    for name in kept.changed:
        value = getattr(kept.result, name)
        setattr(new_box, name, value + (dx if name == "position_x" else dy)
                if name in _MOVED else value)
    new_box.children = [_copy(child, dx, dy, mapping) for child in lines]
    box.remove_decoration_sides = set()  # as copy_with_children does to the laid-out box
    box.position_y = new_box.position_y  # as upstream moves it for collapsed margins
    next_page, adjoining_margins, collapsing_through = kept.tail
    return new_box, None, dict(next_page), list(adjoining_margins), collapsing_through, None


def _copy(box, dx, dy, mapping):
    """``box.deepcopy()`` then ``translate(dx, dy)``, with the elements mapped and
    each text its own ``Layout`` object (around the same kept Pango layout)."""
    new = box.copy()
    new.position_x += dx
    new.position_y += dy
    element = mapping.get(id(box.element))
    if element is not None:
        new.element = element
    layout = getattr(box, "pango_layout", None)
    if layout is not None:
        new.pango_layout = copy.copy(layout)
    children = getattr(box, "children", None)
    if children is not None:
        new.children = [_copy(child, dx, dy, mapping) for child in children]
    return new
