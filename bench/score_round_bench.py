"""Benchmark: score a whole round, set-based SQL aggregation vs a per-person ORM loop,
and build its report snapshots (scoring included) as closing the round does.

    .venv/bin/python bench/score_round_bench.py          # the demo's released round

Uses the released round of the demo department on the ``bench`` database,
seeding 10,000 people first if the demo is missing. Both versions are timed in
the same run and must agree on every shown level.
"""

from __future__ import annotations

import argparse
import json
import time

try:
    from bench._setup import django_setup, machine, migrate
except ImportError:  # run as a script
    from _setup import django_setup, machine, migrate


def score_per_person(*, rnd) -> dict:
    """The straightforward version: one ratings query per participant, scored in Python."""
    from assessments.models import Assignment, Participant, Rating
    from assessments.selectors import round_competencies
    from competency.scoring import competency_score, tally_ratings

    rules = rnd.scoring_rules()
    shapes = {
        c.code: [[i.pk for i in level.indicators.all()] for level in c.levels.all()]
        for c in round_competencies(rnd=rnd)
    }
    out = {}
    for participant in Participant.objects.filter(round=rnd):
        rows = Rating.objects.filter(
            assignment__participant=participant,
            assignment__status=Assignment.Status.SUBMITTED,
        ).values_list("assignment__rater_id", "assignment__group", "indicator_id", "value")
        tallies, counts = tally_ratings(rows)
        out[participant.pk] = {
            code: competency_score(levels=shape, tallies=tallies, rater_counts=counts,
                                   rules=rules,
                                   expected_level=participant.expected_levels.get(code))
            for code, shape in shapes.items()
        }
    return out


def _timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def snapshot_round(*, rnd) -> tuple[int, float]:
    """Build every report snapshot of the round from nothing, as closing it does:
    scoring (set-based) plus the snapshot rows. Rolled back afterwards, so the
    round keeps the snapshots (and PDFs) it had."""
    from django.db import transaction

    from reports.models import ReportSnapshot
    from reports.services import round_snapshots_update

    with transaction.atomic():
        ReportSnapshot.objects.filter(round=rnd).delete()
        ids, seconds = _timed(lambda: round_snapshots_update(rnd=rnd))
        transaction.set_rollback(True)
    return len(ids), seconds


def run(*, rnd) -> dict:
    from django.db import reset_queries

    from assessments.selectors import round_results

    reset_queries()
    set_based, set_seconds = _timed(lambda: round_results(rnd=rnd))
    naive, naive_seconds = _timed(lambda: score_per_person(rnd=rnd))
    mismatches = sum(
        1 for pid, result in set_based.items()
        for code, scored in result.results.items()
        if scored.shown_level != naive[pid][code].shown_level
    )
    snapshots, snapshot_seconds = snapshot_round(rnd=rnd)
    return {
        "benchmark": "round scoring",
        "participants": len(set_based),
        "set_based_seconds": round(set_seconds, 2),
        "snapshots_built": snapshots,
        "snapshot_seconds": round(snapshot_seconds, 2),
        "per_person_seconds": round(naive_seconds, 2),
        "ratio": round(naive_seconds / set_seconds, 1) if set_seconds else None,
        "mismatched_levels": mismatches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10000,
                        help="size of the demo to seed when it is missing")
    args = parser.parse_args()
    django_setup()
    migrate()
    from assessments import demo
    from assessments.models import Round

    rnd = Round.objects.filter(agency__code=demo.AGENCY_CODE,
                               state=Round.State.RELEASED).first()
    if rnd is None:
        from django.core.management import call_command

        call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        demo.seed_demo(employees=args.employees, hand_offs=False)
        rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.RELEASED)
    report = run(rnd=rnd)
    report["ratings_in_round"] = rnd.assignments.filter(status="submitted").count() * 14
    report["machine"] = machine()
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
