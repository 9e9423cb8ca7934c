"""What each URL reads from the request: GET parameters and form fields.

Collected from the view's source rather than listed by hand, so a parameter
added to a view is fed hostile input without anyone remembering to: the
view's function (decorators unwrapped) is parsed with ``ast`` and these are
picked up:

- ``request.GET.get("x")``, ``request.GET["x"]``, ``"x" in request.POST`` and
  ``getlist`` (GET or POST);
- ``SomeForm(request.POST ...)`` / ``SomeForm(request.GET ...)``: every field
  the form class declares (``base_fields``);
- ``paginate(request, ...)``: the ``page`` parameter;
- a class-based view: its ``form_class`` / ``authentication_form``.

``EXTRA`` names fields a form builds per object at run time (the rating form
has one field per indicator), which no class attribute shows.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from tests.access.world import World

SKIP_NAMESPACES = {"admin"}


@dataclass
class Inputs:
    get: set[str] = field(default_factory=set)
    post: set[str] = field(default_factory=set)
    path: set[str] = field(default_factory=set)  # str/slug path converters
    int_path: set[str] = field(default_factory=set)  # int path converters


def _rating_fields(world: World) -> list[str]:
    from assessments.selectors import round_competencies_cached

    names = []
    for comp in round_competencies_cached(rnd=world.rnd):
        names.append(f"comment_{comp.pk}")
        names += [f"ind_{ind.pk}" for level in comp.levels.all()
                  for ind in level.indicators.all()]
    return names[:3]  # one comment and two indicators stand for the rest


EXTRA: dict[str, Callable[[World], list[str]]] = {
    "assessments:rate": _rating_fields,
}


def _form_fields(obj) -> set[str]:
    if inspect.isclass(obj) and issubclass(obj, forms.BaseForm):
        return set(obj.base_fields)
    return set()


def _is_request_dict(node: ast.AST) -> str | None:
    """``request.GET`` -> "get", ``request.POST`` -> "post"."""
    if (isinstance(node, ast.Attribute) and node.attr in ("GET", "POST")
            and isinstance(node.value, ast.Name) and node.value.id == "request"):
        return node.attr.lower()
    return None


def _from_function(func) -> Inputs:
    found = Inputs()
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return found
    scope = getattr(func, "__globals__", {})
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            target = node.func
            # request.GET.get("x") / request.POST.getlist("x")
            if (isinstance(target, ast.Attribute) and target.attr in ("get", "getlist")
                    and (method := _is_request_dict(target.value)) and node.args
                    and isinstance(node.args[0], ast.Constant)):
                getattr(found, method).add(node.args[0].value)
            # SomeForm(request.POST or None, ...)
            if isinstance(target, ast.Name) and node.args:
                first = node.args[0]
                if isinstance(first, ast.BoolOp):
                    first = first.values[0]
                if (method := _is_request_dict(first)) and target.id in scope:
                    getattr(found, method).update(_form_fields(scope[target.id]))
                if target.id == "paginate":
                    found.get.add("page")
        elif isinstance(node, ast.Subscript) and (method := _is_request_dict(node.value)):
            if isinstance(node.slice, ast.Constant):
                getattr(found, method).add(node.slice.value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant):
            for comparator in node.comparators:
                if method := _is_request_dict(comparator):
                    getattr(found, method).add(node.left.value)
    return found


def _inputs(pattern: URLPattern) -> Inputs:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        found = Inputs()
        kwargs = getattr(callback, "view_initkwargs", {})
        form = kwargs.get("authentication_form") or getattr(view_class, "form_class", None)
        found.post |= _form_fields(form)
        found.get |= {"next"} if hasattr(view_class, "redirect_field_name") else set()
    else:
        found = _from_function(inspect.unwrap(callback))
    converters = getattr(pattern.pattern, "converters", {})
    found.path = {name for name, conv in converters.items()
                  if type(conv).__name__ in ("StringConverter", "SlugConverter")}
    found.int_path = {name for name, conv in converters.items()
                      if type(conv).__name__ == "IntConverter"}
    return found


def url_inputs(resolver=None, prefix: str = "") -> dict[str, Inputs]:
    """URL name -> what its view reads, for every named pattern outside the admin."""
    resolver = resolver or get_resolver()
    out: dict[str, Inputs] = {}
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIP_NAMESPACES:
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out.update(url_inputs(p, ns))
        elif isinstance(p, URLPattern) and p.name:
            out[prefix + p.name] = _inputs(p)
    return out
