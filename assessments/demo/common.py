"""Names every part of the demo shares: the agency, the log-ins, batch sizes."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Assignment

AGENCY_CODE = "demo"
AGENCY_NAME = "กรมตัวอย่าง"
HR_USERNAME = "hr"
DEMO_PASSWORD = "sathit-2569"  # noqa: S105 (สาธิต) printed at the end, shared by all log-ins
MIN_EMPLOYEES = 20
BATCH = 5000
RATING_BATCH = 20000

Status = Assignment.Status


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
