"""The parts of a competency's report data that say what to act on (schema 3).

Built from the rows ``snapshot._competency_data`` has already made (figures of
shown groups only, rounded) with the pure rules of ``competency.insights``:
blind spots and hidden strengths, the highest and lowest behaviours, each
level's figure per rater group and the agreement within anonymous groups.
Which groups were left out, and why, is told once per report
(``suppressed_groups``).
"""

from __future__ import annotations

from collections.abc import Mapping

from competency.insights import agreement, level_group_means, self_other_gaps, top_and_bottom
from competency.scoring import ANONYMOUS_GROUPS, GROUP_ORDER, OTHERS, GroupPlan


def _fig(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def competency_insights(
    *,
    levels: list[dict],
    plan: GroupPlan,
    answer_counts: Mapping[tuple[int, str], Mapping[int, int]],
    threshold: float,
    scale_max: int,
) -> dict:
    """``levels``: the snapshot's level dicts, each with its indicator rows."""
    flat = [row for level in levels for row in level["indicators"]]

    def brief(row: dict, **extra) -> dict:
        return {"code": row["code"], "text": row["text"], "score": row["score"], **extra}

    blind, hidden = self_other_gaps(
        ((n, r["self"], r["others"]) for n, r in enumerate(flat)), threshold=threshold)
    top, bottom = top_and_bottom([(n, r["score"]) for n, r in enumerate(flat)])

    def gap_rows(found) -> list[dict]:
        return [brief(flat[g.key], self=g.self_score, others=g.others, gap=_fig(g.gap))
                for g in found]

    for level in levels:
        level["group_scores"] = {
            g: _fig(m)
            for g, m in level_group_means([r["group_means"] for r in level["indicators"]]).items()
        }

    # Agreement: anonymous groups that reached the minimum on their own, and
    # "others" when the pool reached it; never self or supervisor.
    shown_anonymous = [g for g in plan.weights if g in ANONYMOUS_GROUPS or g == OTHERS]
    sources = {g: [s for s, shown in plan.shown_as.items() if shown == g]
               for g in shown_anonymous}
    spread = []
    for row in flat:
        per_group = {}
        for g in shown_anonymous:
            pooled: dict[int, int] = {}
            for source in sources[g]:
                for value, n in answer_counts.get((row["id"], source), {}).items():
                    pooled[value] = pooled.get(value, 0) + n
            a = agreement(pooled, scale_max=scale_max)
            if a.answers:
                per_group[g] = {"counts": list(a.counts), "low": a.low, "high": a.high}
        if per_group:
            spread.append({"code": row["code"], "groups": per_group})
    return {
        "blind_spots": gap_rows(blind),
        "hidden_strengths": gap_rows(hidden),
        "top": [brief(flat[k]) for k in top],
        "bottom": [brief(flat[k]) for k in bottom],
        "agreement_groups": shown_anonymous if spread else [],
        "agreement": spread,
    }


def suppressed_groups(
    *, plan: GroupPlan, min_group_size: int, withheld: frozenset[str],
) -> list[dict]:
    """The rater groups that answered but are in no figure, or only in "others".

    ``reason``: "small" (below the minimum, left out), "pooled" (below the
    minimum, counted in "others"), "withheld" (hidden at a re-release; its
    count is not told, since a changed count would say who changed).
    """
    out = []
    rater_counts = plan.source_counts
    for group in sorted(rater_counts, key=GROUP_ORDER.index):
        n = rater_counts[group]
        if group not in ANONYMOUS_GROUPS or n <= 0:
            continue
        if group in withheld and group in plan.hidden:
            out.append({"group": group, "reason": "withheld", "count": None,
                        "minimum": min_group_size})
        elif group in plan.hidden:
            out.append({"group": group, "reason": "small", "count": n,
                        "minimum": min_group_size})
        elif plan.shown_as.get(group) == OTHERS:
            out.append({"group": group, "reason": "pooled", "count": n,
                        "minimum": min_group_size})
    return out
