"""A bulk write leaves no dead counter rows behind for the dashboards to walk.

The finding (docs/benchmarks.md section 7): right after a 10,000-person round
was seeded, the counter tables held 194,000 dead versions of their few rows,
and the HR dashboard cost 1.30x that of a 1,000-person round (1.08x once
vacuumed). Opening a round now has the tables vacuumed on commit."""

import pytest
from django.db import connection, transaction

from assessments.services.counters import COUNTER_MODELS, counter_tables_vacuum
from tests.builders import make_team

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="SQLite updates rows in place")


def counter_table_stats() -> dict[str, bool]:
    tables = [m._meta.db_table for m in COUNTER_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        # (n_dead_tup lags: a backend reports its writes at most once a second.)
        cursor.execute("SELECT relname, last_vacuum IS NOT NULL"
                       " FROM pg_stat_user_tables WHERE relname = ANY(%s)", [tables])
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_opening_a_round_vacuums_the_counter_tables():
    with connection.cursor() as cursor:  # what earlier tests left counts for nothing here
        cursor.execute("SELECT pg_stat_reset()")
    make_team(size=12)  # round_open: 12 participants, their forms, on commit the task (eager)
    stats = counter_table_stats()
    assert set(stats) == {m._meta.db_table for m in COUNTER_MODELS}
    assert all(stats.values()), stats


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_it_does_nothing_and_fails_nothing():
    with transaction.atomic():
        assert counter_tables_vacuum() is False
    assert counter_tables_vacuum() is True
