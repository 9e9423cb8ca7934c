"""What an import would do, row by row: the dry-run result shared by both kinds."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from competency.tabular import printable

PREVIEW_LIMIT = 1000  # rows listed per table in the preview; counts are always exact
# Row errors kept (those of the first lines); the rest are only counted. A
# hostile file once produced 804,000 of them, all held in memory and in the job.
ERROR_LIMIT = 1000

Progress = Callable[[int], None]


@dataclass
class Plan:
    create: list[dict] = field(default_factory=list)  # {"line", "key", "name", "row"}
    update: list[dict] = field(default_factory=list)  # ... + "changes": [[label, old, new]]
    unchanged: list[dict] = field(default_factory=list)
    # {"line", "key", "message"}, in line order, at most ERROR_LIMIT of them
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0

    def error(self, line: int, key: str, message: str) -> None:
        """Record a row error. Key and message may quote the file, so they are made
        storable (no NUL, which PostgreSQL's JSON refuses) and short."""
        self.error_count += 1
        if len(self.errors) >= ERROR_LIMIT and line >= self.errors[-1]["line"]:
            return
        item = {"line": line, "key": printable(key, limit=60),
                "message": printable(message, limit=400)}
        bisect.insort_right(self.errors, item, key=lambda e: e["line"])
        del self.errors[ERROR_LIMIT:]

    def as_report(self) -> dict:
        """A JSON-safe summary for ImportJob.report (the row data is dropped)."""

        def strip(items):
            return [{k: v for k, v in item.items() if k != "row"} for item in items]

        return {
            "counts": {
                "create": len(self.create), "update": len(self.update),
                "unchanged": len(self.unchanged), "errors": self.error_count,
            },
            "create": strip(self.create[:PREVIEW_LIMIT]),
            "update": strip(self.update[:PREVIEW_LIMIT]),
            "errors": self.errors,
        }


def find_cycles(links: dict[str, str | None], keys) -> dict[str, list[str]]:
    """For each key of ``keys`` on a cycle of ``links`` (child -> parent), the cycle."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: dict[str, list[str]] = {}
    for start in keys:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = links.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node):]
            for member in cycle:
                cycles[member] = cycle
        for member in path:
            state[member] = 2
    return cycles


def cycle_message(cycle: list[str]) -> str:
    chain = " → ".join([*cycle, cycle[0]])
    return _("ลำดับการบังคับบัญชาวนกลับเป็นวง: %(chain)s") % {"chain": chain}


def ticker(progress: Progress | None, total: int, start: int, end: int) -> Callable[[int], None]:
    """Report progress between ``start`` and ``end`` percent, about every 2%."""
    step = max(total // 50, 1)

    def tick(done: int) -> None:
        if progress is not None and (done % step == 0 or done == total):
            progress(start + (end - start) * done // max(total, 1))

    return tick
