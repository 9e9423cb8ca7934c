"""Text lines drawn with the Thai text layer, Pango's glyphs read in bulk (WeasyPrint 70).

``reports.textlayer`` gives glyphs drawn for another text their own codes and
wraps each Pango run in an ActualText span, by hooking upstream's
``draw_first_line``: upstream's loop reads each glyph's id, width and offsets
with a cffi access each, and the hook then parses the ``TJ`` strings again to
cut them into spans. Drawing text was a sixth of a report's CPU. This module's
``draw_first_line`` reads a run's glyphs with one buffer copy, gives the codes
as the text layer does, and writes upstream's ``TJ`` strings already cut where
the hook cuts them. The bytes are the same (tests/reports/test_textlayer.py
renders documents both ways), and Pango's glyph strings are not rewritten.

A layout kept by ``reports.linecache`` is drawn in report after report, so
what this module reads from it is kept with it (its ``drawn`` dictionary): the
runs' glyphs, texts and ActualText, and each run's ``TJ`` string for the
codes, font size and glyph widths it was written with. A run's codes are given
again in each document (its font's text layer starts empty), and not again for
a run drawn before with the same document font, whose codes cannot change.

Lines it does not handle go to the hooked upstream code
(``textlayer.draw_first_line_hooked``): ellipsis, bitmap and colour fonts,
right-to-left runs, glyphs missing from the fonts, another PangoGlyphInfo
layout, Pango before 1.48.2.
"""

import weakref

from . import linecache, textlayer
from .textlayer import _alias, draw_first_line_hooked

ffi = pango = None  # weasyprint.text.ffi's, set by install() (not imported per line)


def install() -> None:
    """Install the text layer, then draw its lines here. Safe to call twice."""
    global ffi, pango
    textlayer.install()  # raises for another WeasyPrint version
    from weasyprint.draw import text
    from weasyprint.text import ffi as weasyprint_ffi

    assert weasyprint_ffi.FROM_UNITS == _FROM_UNITS, 'Pango units changed: re-read this module'
    ffi, pango = weasyprint_ffi.ffi, weasyprint_ffi.pango

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
    layout = textbox.pango_layout
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    runs = _line_runs(stream, _shapes(layout))
    if runs is None:
        return _draw_hooked(stream, textbox, text_overflow, block_ellipsis, matrix)
    _give_codes(stream, runs)
    stream.set_text_matrix(*matrix.values)
    _show_runs(stream, runs)
    return []  # no emojis: colour fonts take the hooked path


def _draw_hooked(stream, textbox, *args):
    """The hooked upstream code, which changes the layout: never a shared one.

    The layout may be reports.linecache's, or a placed copy of a block kept by
    reports.cellcache: the line gets one of its own, built as upstream builds
    one to draw (``Layout.reactivate``).
    """
    linecache.own_layout(textbox)
    return draw_first_line_hooked(stream, textbox, *args)


class _Shape:
    """One Pango run of a line, read in bulk: what the glyphs are, for every report."""

    __slots__ = ('pango_font', 'glyphs', 'widths', 'x_offsets', 'y_offsets', 'texts',
                 'actual', 'plain', 'strings', 'coded')


def _shapes(layout):
    """The runs of the layout's first line, or None when one needs upstream's code.

    Kept with a layout of reports.linecache (its copies share ``drawn``): the
    Pango layout never changes, and the entry names it in case a copy's was
    rebuilt.
    """
    drawn = getattr(layout, 'drawn', None)
    if drawn is not None:
        kept = drawn.get('shapes')
        if kept is not None and kept[0] is layout.layout:
            return kept[1]
    first_line, _ = layout.get_first_line()
    stride = ffi.sizeof('PangoGlyphInfo') // 4
    if stride != 5 or pango.pango_version() < 14802:
        return None  # not the layout read below; old Pango sizes fonts differently
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    utf8 = layout.text.encode()
    shapes = []
    node = first_line.runs
    while node != ffi.NULL:
        item, glyph_string = node.data.item, node.data.glyphs
        node = node.next
        shape = _Shape()
        shape.pango_font = item.analysis.font
        count = glyph_string.num_glyphs
        # PangoGlyphInfo: glyph, then the geometry's width, x_offset and y_offset.
        info = memoryview(ffi.buffer(glyph_string.glyphs, count * stride * 4))
        glyphs = shape.glyphs = info.cast('I')[::stride].tolist()
        signed = info.cast('i')
        if item.analysis.level % 2 or any(
                glyph & unknown and glyph != empty for glyph in glyphs):
            shapes = None  # right to left, or a missing glyph (upstream picks a code)
            break
        shape.widths = signed[1::stride].tolist()
        shape.x_offsets = signed[2::stride].tolist()
        shape.y_offsets = signed[3::stride].tolist()
        shape.plain = not any(shape.y_offsets)  # no glyph raised: one TJ string
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        length = item.length
        text_of_item = utf8[item.offset:item.offset + length]
        # Same text slice as upstream: a cluster's text goes to its last glyph.
        last = count - 1
        shape.texts = [
            None if glyph == empty else
            text_of_item[clusters[i]:length if i == last else clusters[i + 1]].decode()
            for i, glyph in enumerate(glyphs)]
        # textlayer._actual_text, as pydyf writes it: the span's property list.
        shape.actual = (b'<</ActualText <feff' + text_of_item.decode().encode('utf-16-be').hex()
                        .encode() + b'>>>')
        shape.strings = {}  # (font size, codes, widths) -> the run's TJ string and cut
        shape.coded = None  # (weak reference to a document's font, the codes given in it)
        shapes.append(shape)
    if drawn is not None:
        drawn['shapes'] = (layout.layout, shapes)
    return shapes


class _Run:
    """A run drawn in this document: its shape, font and codes."""

    __slots__ = ('shape', 'pango_font', 'font', 'font_size', 'codes')


def _line_runs(stream, shapes):
    """The line's runs with this document's fonts, or None when one needs upstream's code."""
    if shapes is None:
        return None
    runs = []
    # stream.add_font describes the Pango font each time; within a page (one font
    # map) a Pango font stays the same font.
    fonts = vars(stream).setdefault('textdraw_fonts', {})
    for shape in shapes:
        run = _Run()
        run.shape, run.pango_font = shape, shape.pango_font
        found = fonts.get(shape.pango_font)
        if found is None:
            found = fonts[shape.pango_font] = stream.add_font(shape.pango_font)
        run.font, run.font_size = found
        font = run.font
        if font.bitmap or font.png or font.svg or font.colr:
            return None
        runs.append(run)
    return runs


def _give_codes(stream, runs):
    """``textlayer._prepare_line`` without rewriting Pango's glyphs: each run's codes.

    A document's font keeps a glyph's first text and each alias, so a shape coded
    for this font before gets the same codes (and giving them again changes nothing).
    """
    for run in runs:
        font, shape = run.font, run.shape
        if shape.coded is not None and shape.coded[0]() is font:
            run.codes = shape.coded[1]
            continue
        aliases = font.type == 'ttf'  # bitmap and colour fonts never come here
        to_unicode = font.to_unicode
        codes = run.codes = []
        for glyph_id, text in zip(shape.glyphs, shape.texts, strict=True):
            if text is not None and to_unicode.setdefault(glyph_id, text) != text and aliases:
                glyph_id = _alias(stream, run.pango_font, run.font_size, glyph_id, text)
            codes.append(glyph_id)
        shape.coded = (weakref.ref(font), codes)


def _show_runs(stream, runs):
    """Upstream's glyph loop, cut into ActualText spans where ``hooked_show_text`` cuts.

    ``string`` is upstream's ``TJ`` string; the hook starts a span just before the
    first glyph of each run that draws one, so ``cuts`` records those places.
    """
    empty = pango.PANGO_GLYPH_EMPTY
    previous_pango_font = None
    string, cuts = '', []  # cuts: (index in string, the run's ActualText)
    is_open = False

    def show(string, cuts):  # upstream's show_text(string) through the hook
        nonlocal is_open
        start = 0
        for cut, actual in cuts:
            if cut > start:
                stream.show_text(string[start:cut])
            if is_open:
                stream.end_marked_content()
            stream.begin_marked_content('Span', actual)
            is_open, start = True, cut
        if start < len(string):
            stream.show_text(string[start:])

    for run in runs:
        shape, font_size = run.shape, run.font_size
        if run.pango_font != previous_pango_font:
            previous_pango_font = run.pango_font
            if string:
                show(string, cuts)
            string, cuts = '', []
            stream.set_font_size(run.font.hash, font_size)
        if shape.plain:
            part, cut = _run_string(stream, run)
            if cut is not None:
                cuts.append((len(string) + cut, shape.actual))
            string += part
            continue
        widths = run.font.widths
        string += '<'
        first = True  # no glyph of this run drawn yet
        for code, width, x_offset, y_offset in zip(
                run.codes, shape.widths, shape.x_offsets, shape.y_offsets, strict=True):
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
                cuts = [(len(string), shape.actual)] if first else []
                string += f'<{code:04x}>'
                show(string, cuts)
                stream.set_text_rise(0)
                string, cuts = '<', []
            else:
                if offset:
                    string += f'>{-offset}<'
                if first:
                    cuts.append((len(string) - 1, shape.actual))
                string += f'{code:04x}'
            first = False
            kerning = (_logical_width(stream, run, widths, code) + offset
                       - width * 1000 * _FROM_UNITS / font_size)
            if kerning:
                string += f'>{int(kerning)}<'
        string = string[:-1] if string[-1] == '<' else string + '>'
    if string:
        show(string, cuts)
    if is_open:
        stream.end_marked_content()


_FROM_UNITS = 1 / 1024  # weasyprint.text.ffi.FROM_UNITS (checked by install())


def _logical_width(stream, run, widths, code):
    """The code's width in the PDF font (W), measured by Pango the first time, as upstream."""
    width = widths.get(code)
    if width is None:
        pango.pango_font_get_glyph_extents(
            run.pango_font, code, stream.ink_rect, stream.logical_rect)
        width = widths[code] = round(
            stream.logical_rect.width * 1000 * _FROM_UNITS / run.font_size)
    return width


def _run_string(stream, run):
    """A run without raised glyphs: its part of upstream's ``TJ`` string ('<'...'>'),
    and where its span starts in it (None: it draws no glyph).

    Kept with the shape for the codes, size and widths it was written for; the
    widths are those of this document's font (measured on first use, as upstream).
    """
    empty = pango.PANGO_GLYPH_EMPTY
    shape, font_size, widths = run.shape, run.font_size, run.font.widths
    codes = run.codes
    used = []
    get = widths.get
    for code in codes:
        if code != empty:
            width = get(code)
            used.append(_logical_width(stream, run, widths, code) if width is None else width)
    used = tuple(used)
    key = (font_size, tuple(codes), used)
    kept = shape.strings.get(key)
    if kept is not None:
        return kept
    string, cut = '<', None
    logical_widths = iter(used)
    for code, width, x_offset in zip(codes, shape.widths, shape.x_offsets, strict=True):
        if code == empty:
            string += f'>{-width / font_size}<'
            continue
        offset = x_offset / font_size
        if offset:
            string += f'>{-offset}<'
        if cut is None:
            cut = len(string) - 1
        string += f'{code:04x}'
        kerning = next(logical_widths) + offset - width * 1000 * _FROM_UNITS / font_size
        if kerning:
            string += f'>{int(kerning)}<'
    string = string[:-1] if string[-1] == '<' else string + '>'
    if len(shape.strings) >= 8:  # alias codes differ between reports: keep a few
        shape.strings.clear()
    kept = shape.strings[key] = (string, cut)
    return kept
