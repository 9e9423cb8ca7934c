"""Shared parts of the report benchmarks: the demo's released round and its snapshots."""

from __future__ import annotations

import os


def demo_round(*, employees: int):
    """The demo's released round, seeding ``employees`` people when the demo is missing."""
    from django.core.management import call_command

    from assessments import demo
    from assessments.models import Round

    rnd = Round.objects.filter(agency__code=demo.AGENCY_CODE, state=Round.State.RELEASED).first()
    if rnd is None or rnd.participants.count() < employees:
        call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
        demo.seed_demo(employees=max(employees, demo.MIN_EMPLOYEES), reset=rnd is not None,
                       hand_offs=False)
        rnd = Round.objects.get(agency__code=demo.AGENCY_CODE, state=Round.State.RELEASED)
    return rnd


def snapshot_ids(*, rnd, count: int) -> list[int]:
    """Snapshots of the round's first ``count`` participants (built when missing)."""
    from reports.models import ReportSnapshot
    from reports.services import round_snapshots_update

    pids = list(rnd.participants.order_by("pk").values_list("pk", flat=True)[:count])
    have = set(ReportSnapshot.objects.filter(participant_id__in=pids)
               .values_list("participant_id", flat=True))
    missing = [pid for pid in pids if pid not in have]
    if missing:
        round_snapshots_update(rnd=rnd, participant_ids=missing)
    return list(ReportSnapshot.objects.filter(participant_id__in=pids)
                .order_by("pk").values_list("pk", flat=True))


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (this one by default), from /proc."""
    try:
        with open(f"/proc/{pid or os.getpid()}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0
