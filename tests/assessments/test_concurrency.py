"""Two requests at once against PostgreSQL: row locks keep ratings whole."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from assessments.models import Assignment, Participant, Rating
from assessments.services import assignment_nominate, assignment_save
from assessments.services.ratings import round_indicator_ids
from tests.builders import make_team

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_at_once(*calls):
    """Run the callables in threads released together; return results/exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each call raised
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_double_submit_from_two_tabs_keeps_one_submission():
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    first = dict.fromkeys(ids, 3)
    second = dict.fromkeys(ids, 0)
    results = run_at_once(
        lambda: assignment_save(assignment=form, rater=me, answers=first, submit=True),
        lambda: assignment_save(assignment=form, rater=me, answers=second, submit=True),
    )
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(errors) == 1, results
    values = set(Rating.objects.filter(assignment=form).values_list("value", flat=True))
    assert values in ({3}, {0})  # one whole submission, never a mix
    assert Rating.objects.filter(assignment=form).count() == len(ids)


def test_draft_saves_from_two_tabs_never_duplicate_ratings():
    team = make_team(size=1)
    me = team.staff[0]
    form = Assignment.objects.get(rater=me, group="self")
    ids = round_indicator_ids(rnd=team.rnd)
    results = run_at_once(
        *[(lambda v=v: assignment_save(assignment=form, rater=me, answers=dict.fromkeys(ids, v)))
          for v in (0, 1, 2, 3)]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Rating.objects.filter(assignment=form).count() == len(ids)
    assert len(set(Rating.objects.filter(assignment=form).values_list("value", flat=True))) == 1


def test_concurrent_nominations_respect_the_rater_cap():
    # Each staff member already rates their boss (1 form); the cap of 2 leaves one slot.
    team = make_team(size=4, rater_cap=2)
    rater = team.staff[0]
    targets = [Participant.objects.get(round=team.rnd, employee=e) for e in team.staff[1:4]]
    results = run_at_once(
        *[(lambda t=t: assignment_nominate(participant=t, rater=rater, group="peer", by=None))
          for t in targets]
    )
    created = [r for r in results if isinstance(r, Assignment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1 and len(refused) == 2, results
    assert Assignment.objects.filter(rater=rater, group="peer").count() == 1
