"""Computed styles shared by the reports a worker renders (WeasyPrint 70).

WeasyPrint computes each property of an element's style lazily, on first read
(``ComputedStyle.__missing__``), and shares one style between the elements of
a document whose parent style and cascade are the same. Every report has the
same template, the same stylesheets and mostly the same element structure, so
every report computed the same few hundred styles again: a tenth of a render.

``install()`` keeps the styles across documents: an element whose parent
style, pseudo-element, base URL and cascaded declarations (each property's
value and weight, compared by value) equal those of a style computed before
gets that style object. A computed style is a function of exactly these
(``StyleFor.set_computed_styles``), so the values read from it are those a
fresh style would compute. Only elements' styles are shared, not those of
pages and their margin boxes, which layout modifies. A cascade holding a value
that cannot be hashed is not shared either.

Because shared styles are the same objects in every report, caches keyed on a
style (``reports.linecache``) find the work of earlier reports.

The shared styles are kept in a bounded least-recently-used table, with each
one's parent (so that the parent's ``id`` in the key stays its own). The
viewport units (``vw``, ``vh``...) of a shared style resolve against the page
size of the report that computed it: the report stylesheets use none, and
``tests/reports/test_stylecache.py`` checks that.
"""

from __future__ import annotations

from collections import OrderedDict
from xml.etree.ElementTree import Element

from .textlayer import weasyprint_is_pinned

MAX_STYLES = 5_000  # the first report makes about 900, each later one a few dozen
_styles: OrderedDict = OrderedDict()  # key -> (style, parent style)
_originals: dict = {}


def install() -> None:
    """Patch ``StyleFor.set_computed_styles``. Safe to call twice."""
    if not weasyprint_is_pinned() or _originals:
        return
    from weasyprint.css import StyleFor

    original = _originals["set_computed_styles"] = StyleFor.set_computed_styles

    def set_computed_styles(self, element, parent, root=None, pseudo_type=None,
                            base_url=None, target_collector=None):
        if not isinstance(element, Element):  # a page or a margin box
            return original(self, element, parent, root, pseudo_type, base_url,
                            target_collector)
        computed_styles = self.get_computed_styles()
        parent_style = None if parent is None else computed_styles[parent, None]
        cascaded = self.get_cascaded_styles().get((element, pseudo_type), {})
        key = _key(parent_style, pseudo_type, base_url, self.font_config, cascaded)
        if key is None:
            return original(self, element, parent, root, pseudo_type, base_url,
                            target_collector)
        shared = _styles.get(key)
        if shared is None:
            original(self, element, parent, root, pseudo_type, base_url, target_collector)
            _styles[key] = (computed_styles[element, pseudo_type], parent_style)
            if len(_styles) > MAX_STYLES:
                _styles.popitem(last=False)
            return None
        _styles.move_to_end(key)
        style = computed_styles[element, pseudo_type] = shared[0]
        if target_collector and style["anchor"]:  # as upstream does for a new style
            target_collector.collect_anchor(style["anchor"])
        return None

    StyleFor.set_computed_styles = set_computed_styles


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.css import StyleFor

    StyleFor.set_computed_styles = _originals.pop("set_computed_styles")
    _styles.clear()


def _key(parent_style, pseudo_type, base_url, font_config, cascaded):
    """What the computed style is a function of, or None if it cannot be hashed."""
    declarations = []
    for name, (values, weight) in cascaded.items():
        try:
            hash(values)
        except TypeError:
            values = _hashable(values)
            if values is None:
                return None
        declarations.append((name, values, weight))
    return id(parent_style), pseudo_type, base_url, id(font_config), tuple(declarations)


class _List(tuple):
    """A list's items, as a key that equals no tuple."""

    def __eq__(self, other):
        return type(other) is _List and tuple.__eq__(self, other)

    def __ne__(self, other):
        return not self == other

    __hash__ = tuple.__hash__


def _hashable(value):
    """``value`` with its lists as ``_List`` keys, or None if something else cannot be hashed."""
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            try:
                hash(item)
            except TypeError:
                item = _hashable(item)
                if item is None:
                    return None
            items.append(item)
        return _List(items) if isinstance(value, list) else type(value)(items) \
            if type(value) is tuple else None
    return None
