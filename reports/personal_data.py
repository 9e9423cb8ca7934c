"""PDPA: the reports' copies of a person's data, scrubbed when HR removes it.

Called through ``assessments.signals.employee_anonymised``, inside the
transaction that anonymises the employee, so both succeed or neither does.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation

from assessments.models import Employee, Round

from .models import DevelopmentPlanItem, ReportAcknowledgement, ReportSnapshot
from .snapshot import data_hash


def _replaced(value, needles: tuple[str, ...], placeholder: str):
    """The JSON value with every needle in its strings replaced (free text such
    as comments may name the person)."""
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, placeholder)
        return value
    if isinstance(value, list):
        return [_replaced(v, needles, placeholder) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, needles, placeholder) for k, v in value.items()}
    return value


def _plan_details_scrub(*, agency_id: int, needles: tuple[str, ...], placeholder: str) -> None:
    """Development plan items (and their history) whose free text names the person."""
    if not needles:
        return
    limit = DevelopmentPlanItem.DETAIL_MAX
    for model in (DevelopmentPlanItem, DevelopmentPlanItem.history.model):
        mentions = Q()
        for needle in needles:
            mentions |= Q(detail__contains=needle)
        rows = model.objects.filter(mentions,
                                    plan__participant__round__agency_id=agency_id)
        for row in rows:
            model.objects.filter(pk=row.pk).update(
                detail=_replaced(row.detail, needles, placeholder)[:limit])


def snapshots_anonymise_person(*, employee: Employee, placeholder: str, number: str,
                               needles: tuple[str, ...] = ()) -> list[int]:
    """Replace the person's name in the frozen report data (their own reports,
    their staff's as assessor, and any that quote them); figures stay. Returns
    the ids of the snapshots changed, whose PDFs must be rendered again (the
    caller enqueues them): until then they are queued, and nothing else is."""
    mentions = Q()
    for needle in needles:
        mentions |= Q(data__icontains=needle) | Q(plan_data__icontains=needle)
    _plan_details_scrub(agency_id=employee.agency_id, needles=tuple(needles),
                        placeholder=placeholder)
    snaps = ReportSnapshot.objects.filter(
        Q(participant__employee=employee) | Q(participant__supervisor=employee)
        | (Q(round__agency_id=employee.agency_id) & mentions if needles else Q(pk__in=[]))
    ).select_related("participant")
    changed = []
    for snap in snaps:
        data = _replaced(snap.data, tuple(needles), placeholder)
        if snap.participant.employee_id == employee.pk:
            data["person"]["name"] = placeholder
            data["person"]["employee_number"] = number
        if snap.participant.supervisor_id == employee.pk and data.get("assessor"):
            data["assessor"]["name"] = placeholder
        old_hash, new_hash = snap.data_hash, data_hash(data)
        # The acknowledgement was of the same figures: it carries over.
        ReportAcknowledgement.objects.filter(snapshot=snap, data_hash=old_hash).update(
            data_hash=new_hash
        )
        if snap.pdf:
            snap.pdf.delete(save=False)
        # The agreed development plan printed beside it: its free text may name them too.
        if snap.plan_data:
            snap.plan_data = _replaced(snap.plan_data, tuple(needles), placeholder)
            snap.plan_hash = data_hash(snap.plan_data)
        snap.data, snap.data_hash, snap.pdf_hash, snap.pdf_plan_hash = data, new_hash, "", ""
        snap.status = ReportSnapshot.Status.QUEUED
        snap.save(update_fields=["data", "data_hash", "pdf", "pdf_hash", "plan_data",
                                 "plan_hash", "pdf_plan_hash", "status", "updated_at"])
        changed.append(snap.pk)
    return changed


def person_released_results(*, employee: Employee) -> dict:
    """The person's own released results (levels, scores, gap points) and their
    acknowledgements, for the my-data download the privacy notice promises.
    Only released rounds: a closed round's figures are not theirs to see yet."""
    snaps = (
        ReportSnapshot.objects.filter(participant__employee=employee,
                                      round__state=Round.State.RELEASED)
        .select_related("round").order_by("round__fiscal_year", "round__half", "round_id")
    )
    results, acknowledgements = [], []
    for snap in snaps:
        data = snap.data
        results.append({
            "round": snap.round.name_th,
            "issued_at": snap.issued_at,
            "version": snap.version,
            "competencies": [
                {
                    "code": c["code"], "name": c["name"],
                    "expected_level": c.get("expected_level"),
                    "shown_level": c.get("shown_level"),
                    "gap_points": c.get("gap_points"),
                    "level_scores": {str(lv["number"]): lv["score"] for lv in c.get("levels", [])},
                }
                for c in data.get("competencies", [])
            ],
            "summary": {k: data.get("summary", {}).get(k)
                        for k in ("points", "max_points", "percent", "band")},
        })
        for ack in snap.acknowledgements.all().order_by("at"):
            acknowledgements.append({
                "round": snap.round.name_th, "at": ack.at,
                "of_current_version": ack.data_hash == snap.data_hash,
            })
    return {"released_results": results, "acknowledgements": acknowledgements,
            "development_plans": _person_plans(employee=employee)}


def _person_plans(*, employee: Employee) -> list[dict]:
    """The person's own development plan items, with the record's Thai labels."""
    items = (DevelopmentPlanItem.objects
             .filter(plan__participant__employee=employee)
             .select_related("plan__participant__round", "indicator__level__competency")
             .order_by("plan__participant__round__fiscal_year", "plan__participant__round__half",
                       "plan__participant__round_id", "indicator__level__competency__code",
                       "indicator__level__number", "indicator__order"))
    out = []
    with translation.override("th"):
        for item in items:
            indicator = item.indicator
            out.append({
                "round": item.plan.participant.round.name_th,
                "indicator": f"{indicator.level.competency.code}-{indicator.level.number}."
                             f"{indicator.order}",
                "text": indicator.text_th,
                "kind": item.get_kind_display(), "detail": item.detail,
                "starts_on": item.starts_on, "ends_on": item.ends_on,
                "status": item.get_status_display(),
                "agreed": item.plan.agreed_at is not None,
            })
    return out
