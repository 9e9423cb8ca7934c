"""Cascades and computed styles shared by the reports a worker renders (WeasyPrint 70).

For every element, WeasyPrint matches the selectors, builds the cascade (each
property's winning value and weight, some 16,000 declarations a report), and
makes a computed style, shared by the elements of one document with the same
parent style, style attributes and matched rules; each property is computed
lazily, on first read. It also makes the styles of six pseudo-elements of
every element (``::marker``, ``::footnote-call``...), which the user agent
stylesheet gives to all of them and which the reports almost never read.
Every report has the same template and stylesheets, so every report did the
same work again: a sixth of a render.

``install()`` replaces ``StyleFor.__init__`` by the same loop with one table
kept across documents. An element's key is WeasyPrint's own (parent style,
the values of its style attributes, the rules it matches, now with their
pseudo-element) made valid across documents: the attribute values compared by
value, the rules by their stylesheet (kept alive by the key) and declaration
block. A computed style is a function of the parent style and the cascade,
which the matched rules and attributes determine, so an element whose key was
seen before gets that style object, and the cascade is not built again. Its
pseudo-elements' styles are made on first use (``StyleFor.__call__``), from the
kept cascades, and kept too.

Layout makes the styles of each page and its eighteen margin boxes again for
every page (``set_page_type_computed_styles``). They are shared the same way,
keyed by parent style and cascade (the matching @page rules' values). Layout
changes them afterwards, always to the same values (``overflow`` from the
root, ``_standardize_page_based_counters``, which gives the same result when
run again), so a shared page style reads as a fresh one.

Because shared styles are the same objects in every report, caches keyed on a
style (``reports.linecache``) find the work of earlier reports.

The table is bounded (least recently used out); an entry holds the parent
style, so that its ``id`` in the key stays its own, and through its style the
font configuration whose ``id`` is in the key (a renderer keeps one for life).
The viewport units (``vw``, ``vh``...) of a shared style resolve against the
page size of the report that computed it: the report stylesheets use none
(tests/reports/test_stylecache.py).
"""

from __future__ import annotations

from collections import OrderedDict
from math import inf
from xml.etree.ElementTree import Element

from .textlayer import weasyprint_is_pinned

MAX_STYLES = 2_000  # the first report makes about 250 keys, each later one a few
_styles: OrderedDict = OrderedDict()  # key -> _Entry
_originals: dict = {}


class _Entry:
    """An element's shared style and its pseudo-elements' cascades and styles."""

    __slots__ = ("style", "parent_style", "pseudo_cascades", "pseudo_styles")

    def __init__(self, style, parent_style, pseudo_cascades):
        self.style, self.parent_style = style, parent_style
        self.pseudo_cascades = pseudo_cascades  # pseudo type -> cascaded dict
        self.pseudo_styles = {}  # pseudo type -> its style, once made


def install() -> None:
    """Patch ``StyleFor.__init__`` and ``StyleFor.__call__``. Safe to call twice."""
    if not weasyprint_is_pinned() or _originals:
        return
    from weasyprint.css import StyleFor

    _originals.update(init=StyleFor.__init__, call=StyleFor.__call__,
                      set_computed_styles=StyleFor.set_computed_styles)
    call, set_computed_styles = StyleFor.__call__, StyleFor.set_computed_styles

    def set_page_styles(self, element, parent, root=None, pseudo_type=None,
                        base_url=None, target_collector=None):
        """Upstream's, sharing the styles of pages and margin boxes (layout calls it
        for every page): keyed by parent style and cascade, compared by value."""
        if isinstance(element, Element):  # __init__ above, on a miss
            return set_computed_styles(self, element, parent, root, pseudo_type, base_url,
                                       target_collector)
        computed_styles = self._computed_styles
        parent_style = computed_styles[parent, None]
        cascade = _hashable(tuple(
            (name, values, weight) for name, (values, weight)
            in self._cascaded_styles.get((element, pseudo_type), {}).items()))
        key = None if cascade is None else (
            id(parent_style), pseudo_type, base_url, id(self.font_config), cascade)
        entry = None if key is None else _styles.get(key)
        if entry is None:
            set_computed_styles(self, element, parent, root, pseudo_type, base_url,
                                target_collector)
            if key is not None:
                _styles[key] = _Entry(computed_styles[element, pseudo_type], parent_style, {})
                if len(_styles) > MAX_STYLES:
                    _styles.popitem(last=False)
            return None
        _styles.move_to_end(key)
        computed_styles[element, pseudo_type] = entry.style
        return None

    def __call__(self, element, pseudo_type=None):
        if pseudo_type is not None and (element, pseudo_type) not in self._computed_styles:
            entry = getattr(self, "_shared_entries", {}).get(element)
            if entry is not None and pseudo_type in entry.pseudo_cascades:
                self._computed_styles[element, pseudo_type] = _pseudo_style(
                    self, entry, pseudo_type)
        return call(self, element, pseudo_type)

    StyleFor.__init__, StyleFor.__call__ = _style_for_init, __call__
    StyleFor.set_computed_styles = set_page_styles


def uninstall() -> None:
    """Back to upstream behaviour (for the tests that compare both)."""
    if not _originals:
        return
    from weasyprint.css import StyleFor

    StyleFor.__init__, StyleFor.__call__ = _originals.pop("init"), _originals.pop("call")
    StyleFor.set_computed_styles = _originals.pop("set_computed_styles")
    _styles.clear()


def _style_for_init(self, html, sheets, presentational_hints, font_config,
                    target_collector):
    """Upstream ``StyleFor.__init__`` (css/__init__.py), with the shared table."""
    from weasyprint.css import declaration_precedence, find_style_attributes
    from weasyprint.css.validation import preprocess_declarations
    from weasyprint.logger import PROGRESS_LOGGER

    self._cascaded_styles = cascaded_styles = {}
    self._computed_styles = computed_styles = {}
    self.initial_page_sizes = {"box": None, "area": None}
    self._sheets = sheets
    self.font_config = font_config
    self._shared_entries = entries = {}  # element -> _Entry, for its pseudo-elements
    self._shared_root, self._shared_base_url = html.etree_element, html.base_url

    PROGRESS_LOGGER.info("Step 3 - Applying CSS")
    layer_order = inf
    for specificity, element, declarations, base_url in find_style_attributes(
            html.etree_element, presentational_hints, html.base_url):
        style = cascaded_styles.setdefault((element, None), {})
        for name, values, importance in preprocess_declarations(base_url, declarations):
            precedence = declaration_precedence("author", importance)
            weight = (precedence, layer_order, specificity)
            old_weight = style.get(name, (None, None))[1]
            if old_weight is None or old_weight <= weight:
                style[name] = values, weight

    # In tree order, so that parents have their styles before their children.
    for element in html.wrapper_element.iter_subtree():
        etree_element = element.etree_element
        parent = element.parent.etree_element if element.parent else None
        parent_style = computed_styles[parent, None] if element.parent else None
        matched, selectors_keys = [], []
        for sheet, origin, sheet_specificity in sheets:
            for selector in sheet.matcher.match(element):
                specificity, order, pseudo_type, (declarations, layer) = selector
                layer_order = inf if layer is None else sheet.layers.index(layer)
                selectors_keys.append(
                    (sheet, specificity, id(declarations), layer_order, pseudo_type))
                matched.append((origin, sheet_specificity or specificity, pseudo_type,
                                declarations, layer_order))
        attributes = cascaded_styles.get((etree_element, None))
        key = _key(parent_style, html.base_url, font_config, attributes, selectors_keys)
        entry = None if key is None else _styles.get(key)
        if entry is not None:
            _styles.move_to_end(key)
            style = computed_styles[etree_element, None] = entry.style
            if target_collector and style["anchor"]:  # as upstream does for a new style
                target_collector.collect_anchor(style["anchor"])
            entries[etree_element] = entry
            continue
        for origin, specificity, pseudo_type, declarations, layer_order in matched:
            style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
            for name, values, importance in declarations:
                precedence = declaration_precedence(origin, importance)
                weight = (precedence, layer_order, specificity)
                old_weight = style.get(name, (None, None))[1]
                if old_weight is None or old_weight <= weight:
                    style[name] = values, weight
        self.set_computed_styles(
            etree_element, root=html.etree_element, parent=parent,
            base_url=html.base_url, target_collector=target_collector)
        pseudo_cascades = {
            pseudo_type: cascaded_styles[etree_element, pseudo_type]
            for pseudo_type in {match[2] for match in matched} if pseudo_type}
        entry = entries[etree_element] = _Entry(
            computed_styles[etree_element, None], parent_style, pseudo_cascades)
        if key is not None:
            _styles[key] = entry
            if len(_styles) > MAX_STYLES:
                _styles.popitem(last=False)

    # Pseudo-elements' styles are made on first use (see __call__ in install()).
    # Clear the cascaded styles; the dictionary is used later for page margins.
    self._cascaded_styles.clear()


def _pseudo_style(style_for, entry, pseudo_type):
    """The pseudo-element's style, as upstream's ``set_computed_styles`` makes it."""
    from weasyprint.css import ComputedStyle

    style = entry.pseudo_styles.get(pseudo_type)
    if style is None:
        root_style = style_for._computed_styles[style_for._shared_root, None]
        style = entry.pseudo_styles[pseudo_type] = ComputedStyle(
            entry.style, entry.pseudo_cascades[pseudo_type], pseudo_type, root_style,
            style_for._shared_base_url, style_for.font_config,
            style_for.initial_page_sizes)
    return style


def _key(parent_style, base_url, font_config, attributes, selectors_keys):
    """What the element's cascade and style are a function of (None: not hashable)."""
    declared = ()
    if attributes:
        declared = tuple((name, values, weight)
                         for name, (values, weight) in attributes.items())
        try:
            hash(declared)
        except TypeError:
            return None
    return id(parent_style), base_url, id(font_config), declared, tuple(selectors_keys)


_LIST = object()  # first item of the key of a list: no tuple value starts with it
_UNHASHABLE = object()


def _hashable(value):
    """``value`` with its lists as tuples marked ``_LIST``, or None if something
    else in it cannot be hashed."""
    value = _frozen(value)
    return None if value is _UNHASHABLE else value


def _frozen(value):
    try:
        hash(value)
        return value
    except TypeError:
        pass
    if type(value) not in (list, tuple):
        return _UNHASHABLE
    items = []
    for item in value:
        item = _frozen(item)
        if item is _UNHASHABLE:
            return _UNHASHABLE
        items.append(item)
    return (_LIST, *items) if type(value) is list else tuple(items)
