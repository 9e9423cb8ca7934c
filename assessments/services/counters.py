"""Upkeep of the counts the database keeps for the dashboards (models/counters.py)."""

from __future__ import annotations

from django.db import connection

from ..models.counters import (
    AgencyOrgVersion,
    RoundGroupCount,
    RoundParticipantCount,
    RoundRaterCount,
    RoundUnitCount,
)

COUNTER_MODELS = (RoundGroupCount, RoundUnitCount, RoundRaterCount, RoundParticipantCount,
                  AgencyOrgVersion)


def counter_tables_vacuum() -> bool:
    """``VACUUM (ANALYZE)`` the counter tables on PostgreSQL, after a bulk write.

    The triggers change a counter row once for every form written, and each
    change leaves a dead version of the row behind. Opening a 10,000-person
    round (57,000 forms in one transaction) left 194,000 dead versions of 8
    group rows, and until autovacuum came round every dashboard walked them:
    1.30x the cost of a 1,000-person round's dashboard instead of 1.08x
    (docs/benchmarks.md section 7). SQLite updates rows in place: nothing to do.
    VACUUM cannot run in a transaction, so inside one this does nothing either
    (the caller hands it to a task on commit). True when it ran.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in COUNTER_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
    return True
