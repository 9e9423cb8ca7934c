"""Rounds in time and their forms: the fiscal calendar, peer nominations, and
the two demo rounds (last half released, this half open and partly answered),
driven through the same services HR uses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from competency.choices import RaterGroup

from ..models import Agency, Assignment, Round
from ..services import round_close, round_create, round_open, round_release
from .answers import fill_round
from .common import AGENCY_CODE, BATCH, Status
from .people import Person
from .vocab import REJECT_REASONS

# --- the fiscal calendar ----------------------------------------------------


def previous_half(fiscal_year: int, half: int) -> tuple[int, int]:
    return (fiscal_year, 1) if half == 2 else (fiscal_year - 1, 2)


def half_end(fiscal_year: int, half: int) -> dt.date:
    ce = fiscal_year - 543
    return dt.date(ce, 3, 31) if half == 1 else dt.date(ce, 9, 30)


# --- peer forms -------------------------------------------------------------


def _pick_peers(person: Person, siblings: list[Person], load: dict[int, int], cap: int,
                rng: random.Random) -> list[Person]:
    candidates = [s for s in siblings if s is not person and load[s.obj.pk] < cap]
    want = rng.choice((3, 4, 4, 5))
    return rng.sample(candidates, min(want, len(candidates)))


def add_peers(*, rnd: Round, people: list[Person], rng: random.Random, share: float,
              approved: float, rejected: float) -> None:
    """Peers nominated by the ratee among colleagues under the same supervisor."""
    load: dict[int, int] = defaultdict(int)
    for rater_id, n in _counts(rnd):
        load[rater_id] = n
    siblings = defaultdict(list)
    for p in people:
        siblings[id(p.boss)].append(p)
    participant_ids = dict(rnd.participants.values_list("employee_id", "id"))
    forms = []
    for p in people:
        if p.boss is None or rng.random() >= share:
            continue
        for peer in _pick_peers(p, siblings[id(p.boss)], load, rnd.rater_cap, rng):
            roll = rng.random()
            if roll < rejected:
                status, reason = Status.REJECTED, rng.choice(REJECT_REASONS)
            else:
                status = Status.PENDING if roll < approved else Status.PROPOSED
                reason = ""
                load[peer.obj.pk] += 1
            forms.append(Assignment(
                round=rnd, participant_id=participant_ids[p.obj.pk], rater=peer.obj,
                group=RaterGroup.PEER, status=status, nominated_by_id=p.obj.user_id,
                decision_reason=reason,
            ))
    Assignment.objects.bulk_create(forms, batch_size=BATCH)


def _counts(rnd: Round):
    return (
        Assignment.objects.filter(round=rnd).exclude(group=RaterGroup.SELF)
        .values_list("rater_id").annotate(n=Count("id")).order_by()
    )


# --- the two demo rounds ----------------------------------------------------


def _round_name(fiscal_year: int, half: int) -> str:
    return f"ประเมินสมรรถนะ รอบที่ {half} ปีงบประมาณ {fiscal_year}"


def released_round(*, agency: Agency, people: list[Person], rng: random.Random,
                   fiscal_year: int, half: int) -> Round:
    """A past round, nearly complete, closed and released, dated within its half."""
    end = half_end(fiscal_year, half)
    rnd = round_create(
        agency=agency, name_th=_round_name(fiscal_year, half),
        slug=f"{AGENCY_CODE}-{fiscal_year}-{half}", fiscal_year=fiscal_year, half=half,
        deadline=end - dt.timedelta(days=10),
    )
    rnd = round_open(rnd=rnd, today=end - dt.timedelta(days=30))
    add_peers(rnd=rnd, people=people, rng=rng, share=0.95, approved=1.0, rejected=0.03)
    opened = timezone.make_aware(dt.datetime.combine(end - dt.timedelta(days=30), dt.time()))
    fill_round(
        rnd=rnd, people=people, rng=rng, draft=0.03,
        submit={"self": 0.93, "supervisor": 0.95, "peer": 0.9, "subordinate": 0.88},
        when=(opened, opened + dt.timedelta(days=20)),
    )
    rnd = round_release(rnd=round_close(rnd=rnd))
    Round.objects.filter(pk=rnd.pk).update(
        opened_at=opened, closed_at=opened + dt.timedelta(days=25),
        released_at=min(timezone.now(), opened + dt.timedelta(days=35)),
    )
    return rnd


def open_round(*, agency: Agency, people: list[Person], rng: random.Random,
               fiscal_year: int, half: int, today: dt.date) -> Round:
    """The current round, opened a week ago and partly answered."""
    rnd = round_create(
        agency=agency, name_th=_round_name(fiscal_year, half),
        slug=f"{AGENCY_CODE}-{fiscal_year}-{half}", fiscal_year=fiscal_year, half=half,
        deadline=today + dt.timedelta(days=14),
    )
    rnd = round_open(rnd=rnd, today=today)
    add_peers(rnd=rnd, people=people, rng=rng, share=0.7, approved=0.8, rejected=0.02)
    opened = timezone.now() - dt.timedelta(days=7)
    fill_round(
        rnd=rnd, people=people, rng=rng, draft=0.15,
        submit={"self": 0.55, "supervisor": 0.4, "peer": 0.4, "subordinate": 0.35},
        when=(opened, timezone.now()),
    )
    Round.objects.filter(pk=rnd.pk).update(opened_at=opened)
    return rnd
