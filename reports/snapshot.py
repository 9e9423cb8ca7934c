"""Build the frozen report data of every participant of a round.

The data is plain JSON: facts copied from the participant and the round, the
catalogue texts, and every figure of ``assessments.selectors.round_results``
(which applies ``competency.scoring``: a hidden rater group is in no figure).
Rendering reads only this data, so a report re-renders identically years later.

Schema 2 added the appraisal percent, its band and the bands themselves
(``summary``), and each competency's result in an earlier round
(``previous``, see ``progress.py``). Schema 3 added what a person acts on
(``snapshot_insights.py``): blind spots and hidden strengths against the
round's ``gap_threshold``, the top and bottom behaviours with their text,
each level's figure per shown group, the agreement within anonymous groups,
and the groups left out (``suppressed``); the summary laid out as the OCSC
sheet (``summary.sheet``, ``snapshot_summary.py``). The template renders schemas 1 and
2 as they were. ``previous.plan`` (the previous round's agreed development plan
beside this round's figures, ``progress.plan_followup``) is there only when that
round had one: an optional key, no new schema, so that the reports of everyone
else keep their hash (a schema change would reissue them all at a re-release).

A re-release withholds an anonymous group whose forms changed by fewer than
the minimum group size since the figures last released with it shown
(``round_withholding``), so comparing two releases isolates no rater. The
fingerprints it compares are kept beside the data (``ReportSnapshot.
form_baseline``), never in it: the data holds only what the report shows.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from django.utils import translation

from assessments.models import Assignment, AssignmentComment, Participant, Round
from assessments.selectors import (
    round_answer_counts,
    round_assignment_fingerprints,
    round_competencies,
    round_results,
)
from competency.choices import PositionLevel, PositionType
from competency.scoring import (
    ANONYMOUS_GROUPS,
    GROUP_ORDER,
    OTHERS,
    SELF,
    CompetencyResult,
    group_plan,
    groups_to_withhold,
)

from .models import EncodedJSON
from .progress import previous_snapshots, progress_data
from .snapshot_insights import competency_insights, suppressed_groups
from .snapshot_summary import summary_data

SCHEMA_VERSION = 3
STRENGTHS_MAX = 3
DEVELOPMENT_MAX = 5


def canonical_json(data: dict) -> EncodedJSON:
    """The canonical JSON of snapshot data: sorted keys, no spaces, Thai unescaped."""
    return EncodedJSON(
        json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def json_hash(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def data_hash(data: dict) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    return json_hash(canonical_json(data))


def _fig(value: float | None) -> float | None:
    # Round so that float noise of the aggregation never changes the hash.
    return None if value is None else round(float(value), 4)


def _comment_order_key(round_id: int, participant_id: int, text: str) -> str:
    # Anonymous comments: an order that is stable but says nothing about who wrote first.
    return hashlib.sha256(f"{round_id}:{participant_id}:{text}".encode()).hexdigest()


def _comments_by_participant(*, rnd: Round, participant_ids: list[int] | None):
    """participant id -> competency code -> [(source group, text)] of submitted forms."""
    qs = AssignmentComment.objects.filter(
        assignment__round=rnd, assignment__status=Assignment.Status.SUBMITTED
    ).exclude(text="")
    if participant_ids is not None:
        qs = qs.filter(assignment__participant_id__in=participant_ids)
    out: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for pid, code, group, text in qs.values_list(
        "assignment__participant_id", "competency__code", "assignment__group", "text"
    ):
        out[pid][code].append((group, text.strip()))
    return out


def _shown_comments(*, rnd_id: int, pid: int, comments, result: CompetencyResult) -> list[dict]:
    """Comments of shown groups only; anonymous ones without order of arrival."""
    shown: list[dict] = []
    for source, text in comments:
        group = result.plan.shown_as.get(source)
        if group is None or not text:
            continue
        shown.append({"group": group, "text": text})
    anonymous = {OTHERS, *ANONYMOUS_GROUPS}
    return sorted(
        shown,
        key=lambda c: (
            GROUP_ORDER.index(c["group"]),
            _comment_order_key(rnd_id, pid, c["text"]) if c["group"] in anonymous else "",
        ),
    )


def _competency_data(*, competency, shape, result: CompetencyResult, rnd: Round, pid: int,
                     comments, answer_counts) -> dict:
    """``shape``: the competency's levels, each with its list of indicators."""
    pass_mark = float(rnd.pass_mark)
    weights = result.plan.weights
    blocking_ids = set(result.blocking)
    levels = []
    flat = []
    group_means, indicator_scores = result.indicator_group_means, result.indicator_scores
    for level, level_indicators in shape:
        indicators = []
        number = level.number
        for ind in level_indicators:
            means = group_means.get(ind.pk, {})
            # The others' weighted mean (the same sums, in the same order, as
            # sum() over the groups: the figures and so the hash stay the same).
            others_weight = others_total = 0
            for g, m in means.items():
                if g != SELF:
                    others_weight += weights[g]
                    others_total += weights[g] * m
            others_score = (
                others_total / others_weight if others_weight > 0 else None
            )
            row = {
                "id": ind.pk,
                "code": f"{number}.{ind.order}",
                "text": ind.text_th,
                "group_means": {g: _fig(m) for g, m in means.items()},
                "score": _fig(indicator_scores.get(ind.pk)),
                "self": _fig(means.get(SELF)),
                "others": _fig(others_score),
                "blocking": ind.pk in blocking_ids,
                "level": number,
            }
            indicators.append(row)
            flat.append(row)
        levels.append({
            "number": level.number,
            "summary": level.summary_th,
            "score": _fig(result.level_scores.get(level.number)),
            "attained": bool(result.attained.get(level.number)),
            "indicators": indicators,
        })
    scored = [r for r in flat if r["score"] is not None]
    strengths = sorted(
        (r for r in scored if r["score"] >= pass_mark), key=lambda r: (-r["score"], r["id"])
    )[:STRENGTHS_MAX]
    # Development: what blocks the next level first, then the weakest indicators
    # of the levels up to the expected one.
    upto = max(result.expected_level or 0, (result.shown_level or 0) + 1)
    weak = sorted(
        (r for r in scored
         if r["score"] < pass_mark and r["level"] <= upto and not r["blocking"]),
        key=lambda r: (r["score"], r["id"]),
    )
    blocking = [r for r in flat if r["blocking"]]
    development = (blocking + weak)[:DEVELOPMENT_MAX]

    def brief(r):
        return {"code": r["code"], "text": r["text"], "score": r["score"]}

    shown_level = result.shown_level
    insights = competency_insights(
        levels=levels, plan=result.plan, answer_counts=answer_counts,
        threshold=float(rnd.gap_threshold), scale_max=3,
    )
    return {
        **insights,
        "code": competency.code,
        "name": competency.name_th,
        "kind": competency.kind,
        "definition": competency.definition_th,
        "groups": list(weights),
        "expected_level": result.expected_level,
        "shown_level": shown_level,
        "gap_points": result.gap_points,
        "meets_expected": result.meets_expected,
        "next_level": (shown_level + 1) if shown_level is not None and shown_level < 5 else None,
        "levels": levels,
        "blocking": [brief(r) for r in blocking],
        "strengths": [brief(r) for r in strengths],
        "development": [brief(r) for r in development],
        "comments": _shown_comments(rnd_id=rnd.pk, pid=pid, comments=comments, result=result),
    }


def _round_data(rnd: Round) -> dict:
    return {
        "id": rnd.pk,
        "slug": rnd.slug,
        "name": rnd.name_th,
        "fiscal_year": rnd.fiscal_year,
        "half": rnd.half,
        "pass_mark": float(rnd.pass_mark),
        "scale_max": 3,
        "min_group_size": rnd.min_group_size,
        "thai_digits": rnd.thai_digits,
        "competency_weight": float(rnd.competency_weight),
        "gap_threshold": float(rnd.gap_threshold),
        "missing_competency": rnd.missing_competency,
    }


def _thai_labels(choices) -> dict[str, str]:
    # Frozen in Thai, the language of the official record, whatever the request's language.
    with translation.override("th"):
        return {value: str(label) for value, label in choices.choices}


def round_withholding(
    *,
    rnd: Round,
    participant_ids: list[int] | None = None,
    baselines: dict[int, dict[str, list[str]]] | None = None,
) -> tuple[dict[int, frozenset[str]], dict[int, dict[str, list[str]]]]:
    """Groups to withhold per participant, and the form baselines to keep next.

    ``baselines``: at a re-release, the baselines kept with the released
    snapshots; None or missing entries withhold nothing (a first release).
    """
    rules = rnd.scoring_rules()
    baselines = baselines or {}
    withheld: dict[int, frozenset[str]] = {}
    keep: dict[int, dict[str, list[str]]] = {}
    fingerprints = round_assignment_fingerprints(rnd=rnd, participant_ids=participant_ids)
    for pid in set(fingerprints) | set(baselines):
        current = fingerprints.get(pid, {})
        anonymous = {g: f for g, f in current.items() if g in rules.anonymous_groups}
        baseline = baselines.get(pid)
        hold: frozenset[str] = frozenset()
        if baseline is not None:
            plan = group_plan(rater_counts={g: len(f) for g, f in current.items()}, rules=rules)
            hold = groups_to_withhold(baseline=baseline, current=anonymous, plan=plan,
                                      rules=rules)
            if hold:
                withheld[pid] = hold
        groups = set(anonymous) | set(baseline or {})
        keep[pid] = {
            g: list((baseline or {}).get(g, [])) if g in hold else anonymous.get(g, [])
            for g in sorted(groups)
        }
    return withheld, keep


def round_snapshot_data(
    *,
    rnd: Round,
    participant_ids: list[int] | None = None,
    withheld: dict[int, frozenset[str]] | None = None,
) -> dict[int, dict]:
    """participant id -> report data, for the whole round in a few queries.

    ``withheld``: anonymous groups to hide per participant at a re-release
    (see ``round_withholding``).
    """
    results = round_results(rnd=rnd, participant_ids=participant_ids, withheld=withheld)
    competencies = round_competencies(rnd=rnd)
    comments = _comments_by_participant(rnd=rnd, participant_ids=participant_ids)
    answer_counts = round_answer_counts(rnd=rnd, participant_ids=participant_ids,
                                        groups=ANONYMOUS_GROUPS)
    withheld = withheld or {}
    participants = Participant.objects.filter(round=rnd).select_related("employee", "supervisor")
    if participant_ids is not None:
        participants = participants.filter(pk__in=participant_ids)
    participants = list(participants)
    previous = previous_snapshots(rnd=rnd, participants=participants)
    round_data = _round_data(rnd)
    agency = rnd.agency
    type_labels, level_labels = _thai_labels(PositionType), _thai_labels(PositionLevel)
    # Levels and indicators listed once: a related manager per person and
    # level cost a second for 10,000 people.
    weights = {code: float(w) for code, w in
               rnd.round_competencies.values_list("competency__code", "weight")}
    shapes = {c.pk: [(level, list(level.indicators.all())) for level in c.levels.all()]
              for c in competencies}
    out: dict[int, dict] = {}
    for p in participants:
        person_results = results[p.pk].results
        comps = [
            _competency_data(competency=c, shape=shapes[c.pk], result=person_results[c.code],
                             rnd=rnd, pid=p.pk, comments=comments.get(p.pk, {}).get(c.code, []),
                             answer_counts=answer_counts.get(p.pk, {}))
            for c in competencies
        ]
        for comp in comps:
            comp["previous"] = progress_data(
                previous=previous.get(p.pk, {}).get(comp["code"]), current=comp,
                pass_mark=float(rnd.pass_mark),
            )
        first = person_results[competencies[0].code] if competencies else None
        counts = dict(first.plan.rater_counts) if first else {}
        emp = p.employee
        sup = p.supervisor
        out[p.pk] = {
            "schema_version": SCHEMA_VERSION,
            "agency": {"code": agency.code, "name": agency.name_th},
            "round": round_data,
            "person": {
                "participant_id": p.pk,
                "employee_number": emp.employee_number,
                "name": emp.full_name,
                "position": p.position_name,
                "position_type": type_labels.get(p.position_type, p.position_type),
                "position_level": level_labels.get(p.position_level, p.position_level),
                "unit": p.unit_name,
            },
            "assessor": (
                {"name": sup.full_name, "position": sup.position_name} if sup else None
            ),
            "rater_counts": [
                {"group": g, "count": n}
                for g, n in sorted(counts.items(), key=lambda kv: GROUP_ORDER.index(kv[0]))
            ],
            "suppressed": suppressed_groups(
                plan=first.plan, min_group_size=rnd.min_group_size,
                withheld=withheld.get(p.pk, frozenset()),
            ) if first else [],
            "competencies": comps,
            "summary": summary_data(comps=comps, weights=weights,
                                    weight=float(rnd.competency_weight),
                                    missing=rnd.missing_competency),
        }
    return out
