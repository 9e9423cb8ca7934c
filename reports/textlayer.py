"""Correct PDF text layer for Thai in WeasyPrint 70.0 (what copy, search and screen readers get).

WeasyPrint draws Thai correctly but writes a wrong text layer (see docs/thai-pdf-textlayer.md):

1. One ToUnicode entry per glyph: a glyph keeps the text it was first drawn for.
   Thai fonts draw สระอำ as nikhahit + the สระอา glyph, so "ดำเนิน" copies out as
   "ดาเนิน" (or "า" as "ำ"). Fix: each (glyph, text) pair after the first gets its own
   character code (an "alias" CID with its own ToUnicode and W entries), drawn with
   the same glyph through the font's CIDToGIDMap.
2. Glyph order is not text order in clusters with reordered marks, and extractors
   regroup marks by position. Fix: each Pango run is wrapped in a marked-content span
   ``/Span <</ActualText <FEFF...>>> BDC ... EMC`` holding its logical text
   (ISO 32000-1, 14.9.4).

Only the text layer changes: the same glyphs are drawn at the same positions.
``reports.textdraw`` draws the lines faster (the same bytes as the hooks here
on upstream's loop). ``install()`` wraps four functions of the pinned
WeasyPrint version; upgrading WeasyPrint means re-reading its ``draw/text.py``
and ``pdf/fonts.py`` against this file and reports/textdraw.py.
"""

import re

import pydyf

# The WeasyPrint version whose internals this module and the renderer's other
# adaptations (textdraw, htmltree, thaibreaks, layoutreuse) were written against.
PINNED_WEASYPRINT = '70.0'

_originals = {}


def weasyprint_is_pinned():
    import weasyprint

    return weasyprint.__version__ == PINNED_WEASYPRINT


def install():
    """Patch WeasyPrint so PDFs get a correct Thai text layer. Safe to call twice."""
    import weasyprint

    if not weasyprint_is_pinned():
        raise RuntimeError(
            f'reports.textlayer adapts WeasyPrint {PINNED_WEASYPRINT} internals, but '
            f'WeasyPrint {weasyprint.__version__} is installed. Re-check the patch '
            'against the new draw/text.py and pdf/fonts.py (tests/reports/'
            'test_textlayer.py) before changing the pinned version.')
    if _originals:
        return

    from weasyprint.draw import text
    from weasyprint.pdf import fonts

    _originals.update(
        draw_first_line=text.draw_first_line,
        build_vector_font_dictionary=fonts._build_vector_font_dictionary,
        subset=fonts.Font.subset,
        get_unused_glyph_id=fonts.Font.get_unused_glyph_id)
    text.draw_first_line = draw_first_line_hooked  # also used by svg/text.py, imported late
    fonts._build_vector_font_dictionary = _build_vector_font_dictionary
    fonts.Font.subset = _subset
    fonts.Font.get_unused_glyph_id = _get_unused_glyph_id


def draw_first_line_hooked(stream, textbox, *args):
    """Upstream ``draw_first_line``, with glyph codes per text and ActualText spans.

    ``reports.textdraw`` writes the same bytes faster, and leaves the lines it
    does not handle to this function.

    Upstream fetches the Pango line, then draws it. Hooking the fetch lets us turn
    glyph ids into alias codes before upstream reads them; hooking ``show_text`` lets
    us cut the emitted glyph strings at run boundaries. The hooks live on the two
    instances during this call only. The rewritten Pango glyph strings are
    drawn once (a layout is drawn with its line box).
    """
    layout = textbox.pango_layout
    get_first_line, show_text = layout.get_first_line, stream.show_text
    spans = []  # (hex digits the run draws, its logical text), in drawing order
    left, is_open = 0, False  # hex digits left in the open span

    def hooked_get_first_line():
        line, index = get_first_line()
        spans[:] = _prepare_line(stream, textbox, line)
        return line, index

    def hooked_show_text(string):
        nonlocal left, is_open
        pending = ''
        for part in _GLYPH_STRING.split(string):
            digits = part[1:-1] if part.startswith('<') else ''
            if not digits:
                pending += part  # kerning numbers stay where upstream put them
            while digits:
                if not left and spans:  # this run is drawn: close it, open the next
                    if pending:
                        show_text(pending)
                        pending = ''
                    if is_open:
                        stream.end_marked_content()
                    left, run_text = spans.pop(0)
                    stream.begin_marked_content('Span', _actual_text(run_text))
                    is_open = True
                elif not left:  # more glyphs than expected: keep them in this span
                    left = len(digits)
                pending += f'<{digits[:left]}>'
                digits, left = digits[left:], max(0, left - len(digits))
        if pending:
            show_text(pending)

    layout.get_first_line, stream.show_text = hooked_get_first_line, hooked_show_text
    try:
        return _originals['draw_first_line'](stream, textbox, *args)
    finally:
        del layout.get_first_line, stream.show_text
        if is_open:
            stream.end_marked_content()


_GLYPH_STRING = re.compile(r'(<[0-9a-f]*>)')


def _actual_text(text):
    # pydyf.String would write ASCII-only text as a literal; always use UTF-16BE+BOM.
    return pydyf.Dictionary({'ActualText': f'<feff{text.encode("utf-16-be").hex()}>'.encode()})


def _prepare_line(stream, textbox, line):
    """Give glyphs drawn for a new text their own code; return the runs' spans."""
    from weasyprint.text.ffi import ffi, pango

    utf8 = textbox.pango_layout.text.encode()
    spans = []
    empty, unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
    stride = ffi.sizeof('PangoGlyphInfo') // 4  # glyph ids are its first 4 bytes
    run = line.runs
    while run != ffi.NULL:
        item, glyph_string = run.data.item, run.data.glyphs
        run = run.next
        pango_font = item.analysis.font
        font, font_size = stream.add_font(pango_font)
        if pango.pango_version() < 14802 or font.png:  # same workaround as upstream
            font_size = textbox.style['font_size']
        # Aliases need a TrueType CIDFont (CIDToGIDMap); emoji code reads glyph ids.
        aliases = font.type == 'ttf' and not (font.bitmap or font.png or font.svg or font.colr)
        count = glyph_string.num_glyphs
        # Read the glyph ids and clusters in bulk: one cffi access per glyph and
        # field made this loop a third of the text layer's cost.
        glyph_ids = memoryview(ffi.buffer(glyph_string.glyphs, count * stride * 4)).cast(
            'I')[::stride].tolist()
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        text_of_item = utf8[item.offset:item.offset + item.length]
        rtl = item.analysis.level % 2
        to_unicode = font.to_unicode
        drawn = 0
        for i, glyph_id in enumerate(glyph_ids):
            if glyph_id == empty:
                continue
            drawn += 1
            if not aliases or glyph_id & unknown:
                continue
            # Same text slice as upstream: a cluster's text goes to its last glyph.
            if rtl:
                end = item.length if i == 0 else clusters[i - 1]
            else:
                end = item.length if i == count - 1 else clusters[i + 1]
            text = text_of_item[clusters[i]:end].decode()
            if to_unicode.setdefault(glyph_id, text) != text:
                glyph_string.glyphs[i].glyph = _alias(
                    stream, pango_font, font_size, glyph_id, text)
        if drawn:
            hex_digits = drawn * (2 if font.bitmap else 4)
            spans.append((hex_digits, text_of_item.decode()))
    return spans


def _alias(stream, pango_font, font_size, glyph_id, text):
    """Return the code drawing ``glyph_id`` for ``text``, set up as upstream would."""
    from weasyprint.text.ffi import FROM_UNITS, pango

    font = stream.add_font(pango_font)[0]
    codes = vars(font).setdefault('textlayer_codes', {})  # {(glyph id, text): code}
    if (glyph_id, text) not in codes:
        # Codes after the real glyph ids, shared with the codes WeasyPrint gives to
        # missing glyphs (see _get_unused_glyph_id). Codes are 2 bytes.
        code = font.glyph_count + len(font.missing) + len(codes)
        if code > 0xFFFF:
            return glyph_id  # no free code: keep upstream behaviour
        codes[glyph_id, text] = code
    code = codes[glyph_id, text]
    font.to_unicode[code] = text
    # Upstream derives kerning from font.widths[drawn code] while viewers advance by
    # W[code]: give the alias the real glyph's width, computed as upstream does.
    if glyph_id not in font.widths:
        pango.pango_font_get_glyph_extents(
            pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
        font.widths[glyph_id] = round(
            stream.logical_rect.width * 1000 * FROM_UNITS / font_size)
    font.widths[code] = font.widths[glyph_id]
    return code


def _get_unused_glyph_id(self, codepoint):
    """Upstream ``Font.get_unused_glyph_id``, skipping the codes taken by aliases."""
    shift = len(vars(self).get('textlayer_codes', ()))
    self.glyph_count += shift  # upstream allocates glyph_count + len(missing)
    try:
        return _originals['get_unused_glyph_id'](self, codepoint)
    finally:
        self.glyph_count -= shift


def _subset(self, to_unicode, hinting):
    """Upstream ``Font.subset``, keeping the real glyphs only (aliases are no glyphs)."""
    aliases = set(vars(self).get('textlayer_codes', {}).values())
    to_unicode = {code: text for code, text in to_unicode.items() if code not in aliases}
    return _originals['subset'](self, to_unicode, hinting)


def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, *args):
    """Upstream function, plus a CIDToGIDMap drawing each alias with its real glyph.

    Codes stay CIDs (Identity-H, or upstream's Encoding when glyphs are missing), so
    ToUnicode and W work per code, also in pypdf, which ignores embedded CMaps.
    """
    codes = vars(font).get('textlayer_codes', {})
    # Without subsetting (full_fonts, fonts used in forms), upstream reads widths and
    # ToUnicode from the font file instead of from what was drawn.
    from_file = widths is not font.widths
    for (glyph_id, _), code in codes.items():
        widths[code] = widths[glyph_id]
    _originals['build_vector_font_dictionary'](
        font_dictionary, pdf, font, widths, compress, *args)

    def get(reference):
        return pdf.objects[int(reference.split()[0])]

    if from_file:  # add what was drawn; later entries win over the file's cmap
        to_unicode = get(font_dictionary['ToUnicode']).stream
        entries = [f'<{code:04x}> <{text.encode("utf-16-be").hex()}>'.encode()
                   for code, text in font.to_unicode.items()]
        end = to_unicode.index(b'endcmap')
        for i in range(0, len(entries), 100):  # at most 100 entries per section
            batch = entries[i:i + 100]
            to_unicode[end:end] = [f'{len(batch)} beginbfchar'.encode(), *batch, b'endbfchar']
            end += len(batch) + 2
    if codes:
        # CID -> GID: identity for real glyphs, the glyph for aliases, and .notdef for
        # codes of missing glyphs (upstream's Encoding never makes them CIDs anyway).
        gids = list(range(font.glyph_count))
        gids += [0] * (max(codes.values()) + 1 - font.glyph_count)
        for (glyph_id, _), code in codes.items():
            gids[code] = glyph_id
        cid_to_gid = pydyf.Stream(
            [b''.join(gid.to_bytes(2, 'big') for gid in gids)], compress=compress)
        pdf.add_object(cid_to_gid)
        get(font_dictionary['DescendantFonts'][0])['CIDToGIDMap'] = cid_to_gid.reference
