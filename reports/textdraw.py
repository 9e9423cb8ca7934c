"""Text lines drawn with the Thai text layer, Pango's glyphs read in bulk (WeasyPrint 70).

``reports.textlayer`` gives glyphs drawn for another text their own codes and
wraps each Pango run in an ActualText span, by hooking upstream's
``draw_first_line``: upstream's loop reads each glyph's id, width and offsets
with a cffi access each, and the hook then parses the ``TJ`` strings again to
cut them into spans. Drawing text was a sixth of a report's CPU. This module's
``draw_first_line`` reads a run's glyphs
with one buffer copy, gives the codes as the text layer does, and writes
upstream's ``TJ`` strings already cut where the hook cuts them. The bytes are
the same (tests/reports/test_textlayer.py renders documents both ways), and
Pango's glyph strings are no longer rewritten.

Lines it does not handle go to the hooked upstream code
(``textlayer.draw_first_line_hooked``): ellipsis, bitmap and colour fonts,
right-to-left runs, glyphs missing from the fonts, another PangoGlyphInfo
layout, Pango before 1.48.2.
"""

from . import linecache, textlayer
from .textlayer import _actual_text, _alias, draw_first_line_hooked


def install() -> None:
    """Install the text layer, then draw its lines here. Safe to call twice."""
    textlayer.install()  # raises for another WeasyPrint version
    from weasyprint.draw import text

    text.draw_first_line = draw_first_line  # also used by svg/text.py, imported late


def uninstall() -> None:
    """Back to the text layer's hooks on upstream's loop (for the tests that compare)."""
    from weasyprint.draw import text

    if textlayer._originals:
        text.draw_first_line = draw_first_line_hooked


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Upstream ``draw_first_line`` with glyph codes per text and ActualText spans.

    Writes what ``textlayer.draw_first_line_hooked`` writes (upstream's loop with
    the text layer's hooks), byte for byte, reading Pango's glyphs in bulk rather than one
    cffi access per glyph and field. Lines this path does not handle (ellipsis,
    bitmap and colour fonts, right-to-left runs, missing glyphs) go to the
    hooked upstream code. The Pango glyph strings are not rewritten.
    """
    if text_overflow == 'ellipsis' or block_ellipsis != 'none':
        return _draw_hooked(stream, textbox, text_overflow, block_ellipsis, matrix)
    if not textbox.text.strip() or textbox.style['font_size'] < 1e-6:
        return []  # upstream draws nothing (and reads no line)
    from weasyprint.text.ffi import pango

    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _ = layout.get_first_line()
    runs = _line_runs(stream, first_line)
    if runs is None:
        return _draw_hooked(stream, textbox, text_overflow, block_ellipsis, matrix)
    _give_codes(stream, textbox, runs)
    stream.set_text_matrix(*matrix.values)
    _show_runs(stream, runs)
    return []  # no emojis: colour fonts take the hooked path


def _draw_hooked(stream, textbox, *args):
    """The hooked upstream code, which changes the layout: never a kept one."""
    if linecache._originals:  # the Pango layout may be reports.linecache's
        linecache.own_layout(textbox)
    return draw_first_line_hooked(stream, textbox, *args)


class _Run:
    """One Pango run of a line, read in bulk."""

    __slots__ = ('pango_font', 'font', 'font_size', 'item', 'glyphs', 'widths',
                 'x_offsets', 'y_offsets', 'clusters', 'codes', 'text')


def _line_runs(stream, line):
    """The line's runs, or None when one needs upstream's code."""
    from weasyprint.text.ffi import ffi, pango

    stride = ffi.sizeof('PangoGlyphInfo') // 4
    if stride != 5 or pango.pango_version() < 14802:
        return None  # not the layout read below; old Pango sizes fonts differently
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    runs = []
    node = line.runs
    while node != ffi.NULL:
        item, glyph_string = node.data.item, node.data.glyphs
        node = node.next
        run = _Run()
        run.pango_font = item.analysis.font
        run.font, run.font_size = stream.add_font(run.pango_font)
        font = run.font
        if font.bitmap or font.png or font.svg or font.colr or item.analysis.level % 2:
            return None
        count = glyph_string.num_glyphs
        # PangoGlyphInfo: glyph, then the geometry's width, x_offset and y_offset.
        info = memoryview(ffi.buffer(glyph_string.glyphs, count * stride * 4))
        run.glyphs = info.cast('I')[::stride].tolist()
        signed = info.cast('i')
        if any(glyph & unknown and glyph != empty for glyph in run.glyphs):
            return None  # a missing glyph: upstream logs it and picks a code
        run.widths = signed[1::stride].tolist()
        run.x_offsets = signed[2::stride].tolist()
        run.y_offsets = signed[3::stride].tolist()
        run.clusters = ffi.unpack(glyph_string.log_clusters, count)
        run.item = (item.offset, item.length)
        runs.append(run)
    return runs


def _give_codes(stream, textbox, runs):
    """``textlayer._prepare_line`` without rewriting Pango's glyphs: each run's codes and text."""
    from weasyprint.text.ffi import pango

    utf8 = textbox.pango_layout.text.encode()
    empty = pango.PANGO_GLYPH_EMPTY
    for run in runs:
        font = run.font
        aliases = font.type == 'ttf'  # bitmap and colour fonts never come here
        offset, length = run.item
        text_of_item = utf8[offset:offset + length]
        clusters, glyphs = run.clusters, run.glyphs
        last = len(glyphs) - 1
        to_unicode = font.to_unicode
        codes = run.codes = []
        for i, glyph_id in enumerate(glyphs):
            if glyph_id == empty:
                codes.append(glyph_id)
                continue
            # Same text slice as upstream: a cluster's text goes to its last glyph.
            end = length if i == last else clusters[i + 1]
            text = text_of_item[clusters[i]:end].decode()
            if to_unicode.setdefault(glyph_id, text) != text and aliases:
                glyph_id = _alias(stream, run.pango_font, run.font_size, glyph_id, text)
            codes.append(glyph_id)
        run.text = text_of_item.decode()


def _show_runs(stream, runs):
    """Upstream's glyph loop, cut into ActualText spans where ``hooked_show_text`` cuts.

    ``string`` is upstream's ``TJ`` string; the hook starts a span just before the
    first glyph of each run that draws one, so ``cuts`` records those places.
    """
    from weasyprint.text.ffi import FROM_UNITS, pango

    empty = pango.PANGO_GLYPH_EMPTY
    previous_pango_font = None
    string, cuts = '', []  # cuts: (index in string, the run's text)
    is_open = False

    def show(string, cuts):  # upstream's show_text(string) through the hook
        nonlocal is_open
        start = 0
        for cut, text in cuts:
            if cut > start:
                stream.show_text(string[start:cut])
            if is_open:
                stream.end_marked_content()
            stream.begin_marked_content('Span', _actual_text(text))
            is_open, start = True, cut
        if start < len(string):
            stream.show_text(string[start:])

    for run in runs:
        font, font_size = run.font, run.font_size
        if run.pango_font != previous_pango_font:
            previous_pango_font = run.pango_font
            if string:
                show(string, cuts)
            string, cuts = '', []
            stream.set_font_size(font.hash, font_size)
        widths = font.widths
        string += '<'
        first = True  # no glyph of this run drawn yet
        for code, width, x_offset, y_offset in zip(
                run.codes, run.widths, run.x_offsets, run.y_offsets, strict=True):
            if code == empty:
                string += f'>{-width / font_size}<'
                continue
            offset = x_offset / font_size
            rise = y_offset / 1000
            if rise:
                string = string[:-1] if string[-1] == '<' else string + '>'
                if string:
                    show(string, cuts)
                stream.set_text_rise(-rise)
                string = f'{-offset}' if offset else ''
                cuts = [(len(string), run.text)] if first else []
                string += f'<{code:04x}>'
                show(string, cuts)
                stream.set_text_rise(0)
                string, cuts = '<', []
            else:
                if offset:
                    string += f'>{-offset}<'
                if first:
                    cuts.append((len(string) - 1, run.text))
                string += f'{code:04x}'
            first = False
            if code in widths:
                logical_width = widths[code]
            else:
                pango.pango_font_get_glyph_extents(
                    run.pango_font, code, stream.ink_rect, stream.logical_rect)
                logical_width = widths[code] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f'>{int(kerning)}<'
        string = string[:-1] if string[-1] == '<' else string + '>'
    if string:
        show(string, cuts)
    if is_open:
        stream.end_marked_content()
