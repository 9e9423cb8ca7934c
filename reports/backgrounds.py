"""Boxes that draw no background laid out without it, once per style (WeasyPrint 70).

After each page, WeasyPrint walks every box (``layout_box_backgrounds``) to
resolve its corner radii and lay out its background, border image and mask:
a dozen style reads, a colour and a list of images for each of a report's
1,200 boxes, although most draw nothing. The answer "nothing to draw" depends
on the style alone (all corners square, no border image, mask or shadow, and
no background image or colour, or the box hidden), and with the styles shared
across reports (``reports.stylecache``) it is kept per style object: such a box
gets upstream's result directly (square corners, no background) and its
children are walked as upstream walks them. Any other box, and the page,
keep upstream's code. The PDFs are the same (tests/reports/test_backgrounds.py).

The kept answers hold their style, so that its ``id`` stays its own; the table
is emptied when it passes MAX_STYLES.
"""

from __future__ import annotations

from . import stylecache

MAX_STYLES = 5_000
RADII = ("border_top_left_radius", "border_top_right_radius",
         "border_bottom_right_radius", "border_bottom_left_radius")
_plain: dict = {}  # id(style) -> (whether it draws nothing, style)
_originals: dict = {}


def install() -> None:
    """Patch ``layout_box_backgrounds``. Needs reports.stylecache. Safe to call twice."""
    if not stylecache._originals or _originals:
        return
    from weasyprint.layout import background

    original = _originals["layout_box_backgrounds"] = background.layout_box_backgrounds

    def layout_box_backgrounds(page, box, get_image_from_uri, layout_children=True,
                               style=None):
        if style is None and box is not page:
            kept = _plain.get(id(box.style))
            if kept is None or kept[1] is not box.style:
                if len(_plain) >= MAX_STYLES:
                    _plain.clear()
                kept = _plain[id(box.style)] = (_draws_nothing(box.style), box.style)
            if kept[0]:
                for name in RADII:  # resolve_radii_percentages for square corners
                    setattr(box, name, (0, 0))
                if layout_children:
                    for child in box.all_children():
                        layout_box_backgrounds(page, child, get_image_from_uri)
                box.background = None
                return None
        return original(page, box, get_image_from_uri, layout_children, style)

    background.layout_box_backgrounds = layout_box_backgrounds


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.layout import background

    background.layout_box_backgrounds = _originals.pop("layout_box_backgrounds")
    _plain.clear()


def _draws_nothing(style) -> bool:
    """Upstream's early return (``box.background = None``), decided from the style."""
    from weasyprint.draw.color import get_color

    if any((0, "px") not in style[name] for name in RADII):
        return False  # a rounded corner: resolved against the box's size
    if style["border_image_source"][0] != "none" or style["mask_border_source"][0] != "none":
        return False
    if style["box_shadow"]:
        return False
    if style["visibility"] == "hidden":
        return True  # upstream: no images, a transparent colour
    if any(kind == "url" or value for kind, value in style["background_image"]):
        return False
    return get_color(style, "background_color").alpha == 0
