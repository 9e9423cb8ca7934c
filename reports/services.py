"""State changes of the reports app: snapshots, rendered PDFs, audit, acknowledgement."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Participant, Round

from .collector import collector_paused
from .models import ReportAccess, ReportAcknowledgement, ReportSnapshot
from .notices import snapshot_notices_record
from .snapshot import (
    SCHEMA_VERSION,
    canonical_json,
    json_hash,
    round_snapshot_data,
    round_withholding,
)

Status = ReportSnapshot.Status


# Millions of new dicts and floats for 10,000 people: see reports/collector.py.
@collector_paused()
@transaction.atomic
def round_snapshots_update(
    *, rnd: Round, participant_ids: list[int] | None = None
) -> list[int]:
    """Create or refresh the snapshots of a round (or of some participants).

    Only rows whose data hash changed are written (a new version, a new issue
    date, the PDF queued again), so a re-release touches only the people whose
    inputs changed. Returns the ids of the snapshots whose PDF is not current.
    """
    # One build per round at a time: concurrent builds would race on the inserts.
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.state not in Round.FINISHED_STATES:
        return []
    # Figures built after release are seen by the ratee: compare them with the
    # ones already released (none at the first release: those were built while
    # closed, and nobody but HR saw them).
    releasing = rnd.state == Round.State.RELEASED
    baselines = None
    if releasing:
        released = ReportSnapshot.objects.filter(round=rnd)
        if participant_ids is not None:
            released = released.filter(participant_id__in=participant_ids)
        baselines = {
            pid: kept["groups"]
            for pid, kept in released.values_list("participant_id", "form_baseline")
            if kept and kept.get("released")
        }
    withheld, groups = round_withholding(
        rnd=rnd, participant_ids=participant_ids, baselines=baselines
    )
    data = round_snapshot_data(rnd=rnd, participant_ids=participant_ids, withheld=withheld)
    keep = {pid: {"released": releasing, "groups": groups.get(pid, {})} for pid in data}
    existing = {
        s.participant_id: s
        for s in ReportSnapshot.objects.filter(round=rnd, participant_id__in=list(data)).defer(
            "data", "plan_data"
        )
    }
    now = timezone.now()
    created, changed = [], []
    baseline_changed = []
    reissued: list[ReportSnapshot] = []
    replaced_hashes: dict[int, str] = {}
    for pid, person in data.items():
        # The hashed JSON text is what is stored: no second encoding for the insert.
        stored = canonical_json(person)
        digest = json_hash(stored)
        snap = existing.get(pid)
        if snap is None:
            created.append(ReportSnapshot(
                round=rnd, participant_id=pid, schema_version=SCHEMA_VERSION, data=stored,
                data_hash=digest, issued_at=now, status=Status.QUEUED,
                form_baseline=keep.get(pid),
            ))
            continue
        # The person has seen this report when it was built while released.
        seen = releasing and bool((snap.form_baseline or {}).get("released"))
        if snap.form_baseline != keep.get(pid):
            snap.form_baseline = keep.get(pid)
            baseline_changed.append(snap)
        if snap.data_hash != digest:
            if seen:  # a new issue replaces the one the person has seen
                replaced_hashes[snap.pk] = snap.data_hash
                snap.issue += 1
                snap.replaces_issued_at = snap.issued_at
                reissued.append(snap)
            snap.data, snap.data_hash, snap.schema_version = stored, digest, SCHEMA_VERSION
            snap.version += 1
            snap.issued_at = now
            snap.status, snap.failure_reason = Status.QUEUED, ""
            changed.append(snap)
    # The replaced issues' figures, read before they are overwritten (only the
    # reissued rows: a handful at a re-release).
    replaced_data = dict(
        ReportSnapshot.objects.filter(pk__in=replaced_hashes).values_list("pk", "data")
    )
    ReportSnapshot.objects.bulk_create(created, batch_size=500)
    ReportSnapshot.objects.bulk_update(
        changed,
        ["data", "data_hash", "schema_version", "version", "issued_at", "status",
         "failure_reason", "updated_at", "form_baseline", "issue", "replaces_issued_at"],
        batch_size=500,
    )
    for snap in reissued:
        snap.data = data[snap.participant_id]
    snapshot_notices_record(reissued=reissued, old_data=replaced_data,
                            old_hashes=replaced_hashes)
    unchanged = [s for s in baseline_changed if s not in changed]
    ReportSnapshot.objects.bulk_update(unchanged, ["form_baseline"], batch_size=500)
    return snapshots_to_render(rnd=rnd, participant_ids=participant_ids)


def round_reports_prepare(*, rnd: Round, resnapshot: bool) -> list[int]:
    """Snapshot ids to render. ``resnapshot`` False (after release, without a
    re-release) only adds the missing snapshots and leaves the others as released."""
    if resnapshot:
        return round_snapshots_update(rnd=rnd)
    missing = list(
        rnd.participants.filter(report_snapshot__isnull=True).values_list("pk", flat=True)
    )
    if missing:
        round_snapshots_update(rnd=rnd, participant_ids=missing)
    return snapshots_to_render(rnd=rnd)


def snapshots_to_render(*, rnd: Round, participant_ids: list[int] | None = None) -> list[int]:
    qs = ReportSnapshot.objects.filter(round=rnd)
    if participant_ids is not None:
        qs = qs.filter(participant_id__in=participant_ids)
    ready = qs.filter(status=Status.DONE, pdf_hash=F("data_hash"),
                      pdf_plan_hash=F("plan_hash")).exclude(pdf="")
    return list(qs.exclude(pk__in=ready.values("pk")).order_by("pk").values_list("pk", flat=True))


def report_render(*, snapshot: ReportSnapshot, force: bool = False) -> ReportSnapshot:
    """Render the snapshot's PDF into file storage, once per data hash (and
    agreed development plan, ``plan_hash``).

    Idempotent: the file name carries the hashes, a current PDF is kept, and
    the row is updated only if neither its data nor its plan changed meanwhile.
    """
    # WeasyPrint (with its fonts and Pango) loads only in a process that renders.
    from .render import report_pdf

    if not force and snapshot.pdf_ready and snapshot.pdf.storage.exists(snapshot.pdf.name):
        return snapshot
    digest, plan_digest = snapshot.data_hash, snapshot.plan_hash
    content = report_pdf(snapshot=snapshot)
    storage = snapshot.pdf.storage
    name = f"reports/{snapshot.round_id}/{snapshot.participant_id}-{digest[:16]}"
    name += f"-{plan_digest[:8]}.pdf" if plan_digest else ".pdf"
    if storage.exists(name):
        storage.delete(name)  # same data: replace, never keep a second copy
    saved = storage.save(name, ContentFile(content))
    old = snapshot.pdf.name
    now = timezone.now()
    rendered = {"pdf_hash": digest, "pdf_plan_hash": plan_digest, "status": Status.DONE,
                "failure_reason": "", "attempts": 0, "rendered_at": now, "updated_at": now}
    updated = ReportSnapshot.objects.filter(
        pk=snapshot.pk, data_hash=digest, plan_hash=plan_digest).update(pdf=saved, **rendered)
    if not updated:  # the data or plan changed while rendering: a newer render is queued
        storage.delete(saved)
        snapshot.refresh_from_db()
        return snapshot
    if old and old != saved and storage.exists(old):
        storage.delete(old)
    # What was written, without reading the row (and its data) back.
    snapshot.pdf.name = saved
    for field, value in rendered.items():
        setattr(snapshot, field, value)
    return snapshot


def report_mark_failed(*, snapshot_id: int, reason: str) -> None:
    ReportSnapshot.objects.filter(pk=snapshot_id).update(
        status=Status.FAILED, failure_reason=reason[:500], updated_at=timezone.now()
    )


def participant_snapshot(*, participant: Participant) -> ReportSnapshot | None:
    """The participant's current snapshot, built on the spot if the pipeline has not yet."""
    snap = ReportSnapshot.objects.filter(participant=participant).first()
    if snap is None and participant.round.state in Round.FINISHED_STATES:
        round_snapshots_update(rnd=participant.round, participant_ids=[participant.pk])
        snap = ReportSnapshot.objects.filter(participant=participant).first()
    return snap


def report_pdf_ready(*, snapshot: ReportSnapshot) -> ReportSnapshot:
    """The snapshot with its PDF in storage; rendered now if the worker has not done it yet."""
    return report_render(snapshot=snapshot)


def report_pdf_bytes(*, snapshot: ReportSnapshot) -> bytes:
    """The whole PDF of a snapshot (commands and tests; downloads stream instead)."""
    snapshot = report_pdf_ready(snapshot=snapshot)
    with snapshot.pdf.open("rb") as fh:
        return fh.read()


def _pdf_name(*, slug: str, employee_number: str) -> str:
    number = re.sub(r"[^\w.-]", "_", employee_number)
    return f"report-{slug}-{number}.pdf"


def report_filename(*, snapshot: ReportSnapshot) -> str:
    return _pdf_name(slug=snapshot.data["round"]["slug"],
                     employee_number=snapshot.data["person"]["employee_number"])


def round_reports_zip_entries(*, rnd: Round) -> list[tuple[str, Callable[[], IO[bytes]]]]:
    """(file name, opener) for each finished PDF of the round, by employee number.

    Read without the snapshots' data (a 10,000-person round would load it all);
    the files are opened one at a time while the ZIP is sent (reports.downloads).
    """
    storage = ReportSnapshot._meta.get_field("pdf").storage
    rows = (ReportSnapshot.objects.filter(round=rnd, status=Status.DONE, pdf_hash=F("data_hash"),
                                          pdf_plan_hash=F("plan_hash"))
            .exclude(pdf="").order_by("participant__employee__employee_number")
            .values_list("pdf", "participant__employee__employee_number"))
    return [(_pdf_name(slug=rnd.slug, employee_number=number),
             lambda name=name: storage.open(name, "rb")) for name, number in rows]


def report_access_log(*, user, rnd: Round, kind: str, snapshot: ReportSnapshot | None = None):
    return ReportAccess.objects.create(
        user=user, round=rnd, kind=kind,
        participant_id=snapshot.participant_id if snapshot else None,
        data_hash=snapshot.data_hash if snapshot else "",
    )


@transaction.atomic
def report_acknowledge(*, snapshot: ReportSnapshot, user) -> ReportAcknowledgement:
    """The person confirms they have read this version of their report (idempotent)."""
    if snapshot.round.state != Round.State.RELEASED:
        raise ValidationError(_("ยังไม่ได้ประกาศผลการประเมินของรอบนี้"))
    ack, _created = ReportAcknowledgement.objects.get_or_create(
        snapshot=snapshot, data_hash=snapshot.data_hash,
        defaults={"user": user, "issue": snapshot.issue},
    )
    return ack
