"""Answers and comments: drawn from each ratee's latent level and each rater's bias.

``fill_round`` walks a round's pending forms in a fixed order (ratee, rater
group, rater) so the same seed always gives the same answers; some forms are
submitted on a day of the round, some saved as drafts, the rest left untouched.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from ..models import Assignment, AssignmentComment, Rating, Round
from ..selectors import round_competencies
from .common import BATCH, RATING_BATCH, Status, chunks
from .people import Person
from .vocab import COMMENTS_FAIR, COMMENTS_GOOD, COMMENTS_IMPROVE

NULL_RATE = {"self": 0.01, "supervisor": 0.03, "peer": 0.07, "subordinate": 0.09}
GROUP_BIAS = {"self": 0.35, "supervisor": 0.0, "peer": 0.1, "subordinate": 0.2}
GROUP_ORDER = {"self": 0, "supervisor": 1, "peer": 2, "subordinate": 3}


def _answer(rng: random.Random, *, ability: float, level: int, bias: float,
            null_rate: float) -> int | None:
    if rng.random() < null_rate + 0.02 * (level - 1):
        return None
    x = 0.4 + 2.6 / (1 + math.exp(-1.7 * (ability - level + 0.6))) + bias
    return min(3, max(0, round(x + rng.gauss(0, 0.45))))


def _comment(rng: random.Random, mean: float) -> str:
    pool = (COMMENTS_GOOD if mean >= 2.2 else
            COMMENTS_FAIR if mean >= 1.4 else COMMENTS_IMPROVE)
    return rng.choice(pool)


class FormFiller:
    """Draws answers for forms and writes them in batches."""

    def __init__(self, *, rnd: Round, people_by_id: dict[int, Person], rng: random.Random):
        self.rnd, self.people, self.rng = rnd, people_by_id, rng
        comps = round_competencies(rnd=rnd)
        self.levels = [
            (c.pk, [[i.pk for i in lv.indicators.all()] for lv in c.levels.all()])
            for c in comps
        ]
        self.ratings: list[Rating] = []
        self.comments: list[AssignmentComment] = []

    def fill(self, *, form_id: int, participant: Person, rater: Person, group: str,
             partial: bool = False) -> None:
        rng = self.rng
        bias = GROUP_BIAS[group] + rater.leniency
        for comp_id, levels in self.levels:
            values = []
            for number, ids in enumerate(levels, 1):
                for ind in ids:
                    if partial and rng.random() < 0.5:
                        continue
                    v = _answer(rng, ability=participant.ability, level=number, bias=bias,
                                null_rate=NULL_RATE[group])
                    values.append(v)
                    self.ratings.append(Rating(assignment_id=form_id, indicator_id=ind, value=v))
            numeric = [v for v in values if v is not None]
            if not partial and numeric and rng.random() < 0.35:
                self.comments.append(AssignmentComment(
                    assignment_id=form_id, competency_id=comp_id,
                    text=_comment(rng, sum(numeric) / len(numeric)),
                ))
        if len(self.ratings) >= RATING_BATCH:
            self.flush()

    def flush(self) -> None:
        Rating.objects.bulk_create(self.ratings, batch_size=RATING_BATCH)
        AssignmentComment.objects.bulk_create(self.comments, batch_size=BATCH)
        self.ratings, self.comments = [], []


def fill_round(*, rnd: Round, people: list[Person], rng: random.Random,
               submit: dict[str, float], draft: float, when: tuple[dt.datetime, dt.datetime]):
    """Answer the round's pending forms: some submitted, some drafts, the rest untouched."""
    by_id = {p.obj.pk: p for p in people}
    order = {p.obj.pk: n for n, p in enumerate(people)}
    forms = sorted(
        Assignment.objects.filter(round=rnd, status=Status.PENDING)
        .values_list("id", "participant__employee_id", "rater_id", "group"),
        key=lambda f: (order[f[1]], GROUP_ORDER[f[3]], order[f[2]]),
    )
    filler = FormFiller(rnd=rnd, people_by_id=by_id, rng=rng)
    submitted: dict[int, list[int]] = defaultdict(list)  # day offset -> form ids
    drafts = []
    span = max(1, (when[1] - when[0]).days)
    for form_id, ratee, rater, group in forms:
        roll = rng.random()
        if roll < submit[group]:
            filler.fill(form_id=form_id, participant=by_id[ratee], rater=by_id[rater],
                        group=group)
            submitted[rng.randrange(span)].append(form_id)
        elif roll < submit[group] + draft:
            filler.fill(form_id=form_id, participant=by_id[ratee], rater=by_id[rater],
                        group=group, partial=True)
            drafts.append(form_id)
    filler.flush()
    for day, ids in sorted(submitted.items()):
        at = when[0] + dt.timedelta(days=day, hours=9)
        for chunk in chunks(ids, BATCH):
            Assignment.objects.filter(pk__in=chunk).update(status=Status.SUBMITTED,
                                                           submitted_at=at)
    for chunk in chunks(drafts, BATCH):
        Assignment.objects.filter(pk__in=chunk).update(status=Status.DRAFT)
