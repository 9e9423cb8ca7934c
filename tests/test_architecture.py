"""The shape of the house (docs/architecture.md), checked on the source itself.

The import graph of the project's own code is built with :mod:`ast` (imports
inside functions count too: a deferred import that dodges a circle is still a
circle). Tests, migrations and bench are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("competency", "assessments", "reports", "config")
# Lower apps never import higher ones: competency <- assessments <- reports.
# config (settings, URLs, Celery) sits above all three; apps may read its
# Celery options and hand tasks to its in-process executor of the embedded
# default (config.background), never its URLs.
RANK = {"competency": 0, "assessments": 1, "reports": 2}
CONFIG_FOR_APPS = {"config.celery", "config.background"}
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in targets:
                found = resolve(target)
                if found and found != name:
                    edges.add(found)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_of_every_kind():
    graph = _graph()
    # absolute, relative and deferred (inside a function) imports are all edges
    assert "assessments.signals" in graph["reports.apps"]
    assert "reports.render" in graph["reports.services"]
    assert "competency.scoring" in graph["assessments.models.rounds"]


def test_no_import_circle():
    assert _cycles(_graph()) == []


def test_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_apps_import_only_downwards():
    upward = []
    for module, targets in _graph().items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other == "config":
                if app != "config" and target not in CONFIG_FOR_APPS:
                    upward.append(f"{module} -> {target}")
            elif app in RANK and RANK[other] > RANK[app]:
                upward.append(f"{module} -> {target}")
    assert upward == []


def test_the_one_seam_is_a_signal_received_by_reports():
    graph = _graph()
    senders = {m for m, targets in graph.items() if "assessments.signals" in targets}
    assert {"assessments.services.rounds", "assessments.services.personal_data"} <= senders
    assert {m for m in senders if m.startswith("reports.")} == {"reports.apps"}


def test_no_module_over_the_size_limit():
    long = {
        str(path.relative_to(ROOT)): n
        for path in _modules().values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
