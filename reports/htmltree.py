"""A fast element tree of the report documents, for WeasyPrint.

WeasyPrint parses HTML with tinyhtml5, a complete HTML5 parser written in
Python: about 12 ms of a 170 ms report render (docs/benchmarks.md). The
report templates write well-formed HTML, so the standard library's
tokenizer (``html.parser``, regular expressions in C) can build the same tree
in under 2 ms. It applies the few tree-construction rules these documents
rely on: void elements, the SVG namespace and its camel-case names, and the
``tbody`` that HTML5 adds to a ``tr`` written straight into a ``table``.

``tests/reports/test_htmltree.py`` checks that the tree is identical to
tinyhtml5's for every kind of report; a template edit that breaks this fails
there, not in production.
"""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree.ElementTree import Element, TreeBuilder

from tinyhtml5.constants import adjust_svg_attributes, namespaces, void_elements

from .textlayer import weasyprint_is_pinned

SVG = f"{{{namespaces['svg']}}}"
# The SVG element names with capitals (tinyhtml5's list, for what the charts may use).
SVG_TAGS = {name.lower(): name for name in (
    "clipPath", "foreignObject", "linearGradient", "radialGradient", "textPath",
)}


class _TreeParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = TreeBuilder()
        self.open: list[str] = []  # tags of the open elements, innermost last
        self.svg_depth = 0  # open svg elements
        self.seen: set[str] = set()  # html, head, body once opened
        self.after_body = ""  # whitespace after </body>: HTML5 appends it to the body

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" or self.svg_depth:
            self.svg_depth += 1
            name = SVG + SVG_TAGS.get(tag, tag)
            attrib = {adjust_svg_attributes.get(k, k): v or "" for k, v in attrs}
        else:
            if tag == "tr" and self.open and self.open[-1] == "table":
                self._start("tbody", [])
            name, attrib = tag, {k: v or "" for k, v in attrs}
        self.builder.start(name, attrib)
        self.open.append(tag)
        self.seen.add(tag)

    def _end(self) -> None:
        tag = self.open.pop()
        if self.svg_depth:
            self.svg_depth -= 1
            self.builder.end(SVG + SVG_TAGS.get(tag, tag))
        else:
            self.builder.end(tag)

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag in void_elements and not self.svg_depth:
            self._end()

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        self._end()

    def handle_endtag(self, tag):
        if tag in void_elements and not self.svg_depth or tag not in self.open:
            return  # an end tag of nothing open, ignored as HTML5 does
        while self.open:
            closed = self.open[-1]
            self._end()
            if closed == tag:
                break

    def handle_data(self, data):
        if self.open and self.open[-1] != "html":
            self.builder.data(data)
        elif "body" in self.seen:
            self.after_body += data
        elif "head" in self.seen:  # between </head> and <body>: kept in html
            self.builder.data(data)
        # before <head>: dropped, as HTML5 drops it


def html_tree(html: str) -> Element:
    """The ``html`` element of a report document (no namespace on HTML elements,
    as tinyhtml5 builds it for WeasyPrint)."""
    parser = _TreeParser()
    parser.feed(html)
    parser.close()
    while parser.open:
        parser._end()
    root = parser.builder.close()
    if parser.after_body:
        body = root.find("body")
        if len(body):
            body[-1].tail = (body[-1].tail or "") + parser.after_body
        else:
            body.text = (body.text or "") + parser.after_body
    return root


def weasyprint_html(html: str, *, base_url: str):
    """``weasyprint.HTML(string=html, base_url=base_url)``, with the tree built here.

    Any other WeasyPrint version gets the upstream parser: its constructor may
    set up more than this one does.
    """
    import cssselect2
    import weasyprint

    if not weasyprint_is_pinned():  # its HTML.__init__ may set up more than this does
        return weasyprint.HTML(string=html, base_url=base_url)
    from weasyprint.urls import URLFetcher

    root = html_tree(html)
    document = weasyprint.HTML.__new__(weasyprint.HTML)
    document.base_url = weasyprint._find_base_url(root, base_url)
    document.url_fetcher = URLFetcher()
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(
        root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document
