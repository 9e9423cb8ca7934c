"""Report snapshots (the frozen figures of one person in one round), their PDFs,
who read them, and who acknowledged them."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import Employee, Participant, Round
from competency.models import Indicator


class EncodedJSON(str):
    """JSON text already encoded (the canonical form that was hashed), stored as is."""


class UnicodeJSONEncoder(json.JSONEncoder):
    """JSON with Thai as UTF-8, not \\u escapes: a snapshot is 40 % fewer bytes
    to send to PostgreSQL and parse into jsonb (14 instead of 23 KB). Text
    that is ``EncodedJSON`` goes out unchanged, not encoded a second time."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)

    def encode(self, o):
        if isinstance(o, EncodedJSON):
            return str(o)
        return super().encode(o)


class ReportSnapshot(models.Model):
    """One row per participant per round.

    ``data`` holds every fact and figure the report shows (see ``snapshot.py``),
    so rendering never reads the live catalogue or ratings. The row is
    rewritten only when the data's hash changes (close, re-release), which
    keeps released figures fixed until HR re-releases.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("รอจัดทำ")
        RENDERING = "rendering", _("กำลังจัดทำ")
        # The sweeper found it lost (its worker died) and queued it again.
        RETRYING = "retrying", _("กำลังลองใหม่")
        DONE = "done", _("เสร็จแล้ว")
        FAILED = "failed", _("ไม่สำเร็จ")

    UNFINISHED = (Status.QUEUED, Status.RENDERING, Status.RETRYING)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_snapshots")
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="report_snapshot"
    )
    schema_version = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField(encoder=UnicodeJSONEncoder)
    data_hash = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1, help_text=_("เพิ่มขึ้นเมื่อข้อมูลเปลี่ยน"))
    issued_at = models.DateTimeField(_("วันที่ออกรายงาน"))
    # The issue the person sees: 1 at the first release, one more each time a
    # re-release changes a report already released. ``version`` counts every
    # change, also those before release that nobody but HR saw.
    issue = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    replaces_issued_at = models.DateTimeField(
        _("วันที่ออกฉบับที่ถูกแทน"), null=True, blank=True,
        help_text=_("วันที่ออกรายงานฉบับก่อนหน้า เมื่อรายงานนี้ออกแทน"))
    status = models.CharField(
        _("สถานะรายงาน"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    failure_reason = models.CharField(_("สาเหตุที่ไม่สำเร็จ"), max_length=500, blank=True)
    # How many times the sweeper re-queued it since it was last rendered.
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ลองใหม่"), default=0)
    pdf = models.FileField(upload_to="reports/", blank=True)
    pdf_hash = models.CharField(max_length=64, blank=True, help_text=_("data_hash ที่ใช้สร้าง PDF"))
    rendered_at = models.DateTimeField(null=True, blank=True)
    # The development plan as the supervisor last agreed it (``plans.printing``),
    # printed in the PDF beside ``data``; its hash and the one the current PDF
    # printed. Not in ``data``: agreeing a plan is no new issue of the result,
    # and the acknowledgement of the figures (by ``data_hash``) still holds.
    plan_data = models.JSONField(null=True, blank=True, encoder=UnicodeJSONEncoder,
                                 editable=False)
    plan_hash = models.CharField(max_length=64, blank=True, editable=False)
    pdf_plan_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Opaque fingerprints of the anonymous groups' forms behind the released
    # figures (see snapshot.round_withholding); bookkeeping, never rendered.
    form_baseline = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ข้อมูลรายงานผลการประเมิน")
        verbose_name_plural = _("ข้อมูลรายงานผลการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="snapshot_unique"),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.round_id} v{self.version}"

    @property
    def pdf_ready(self) -> bool:
        return (
            self.status == self.Status.DONE and bool(self.pdf) and self.pdf_hash == self.data_hash
            and self.pdf_plan_hash == self.plan_hash
        )


class ReportAccess(models.Model):
    """Audit: who read or downloaded whose report, when."""

    class Kind(models.TextChoices):
        PAGE = "page", _("เปิดดูหน้ารายงาน")
        PDF = "pdf", _("ดาวน์โหลด PDF")
        ZIP = "zip", _("ดาวน์โหลด ZIP ทั้งรอบ")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data_hash = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("การเข้าถึงรายงาน")
        verbose_name_plural = _("การเข้าถึงรายงาน")


class ReportAcknowledgement(models.Model):
    """The person confirms they have read their report (รับทราบ), for one version of it."""

    snapshot = models.ForeignKey(
        ReportSnapshot, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data_hash = models.CharField(max_length=64)
    # The issue acknowledged: a reissued report asks again, and the page says
    # which earlier issue the person had acknowledged.
    issue = models.PositiveIntegerField(default=1)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("การรับทราบผลการประเมิน")
        verbose_name_plural = _("การรับทราบผลการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "data_hash"], name="ack_unique_version"),
        ]


class ReportNotice(models.Model):
    """An e-mail due because a reissued report shows another result (see notices.py)."""

    class Role(models.TextChoices):
        PERSON = "person", _("ผู้รับการประเมิน")
        SUPERVISOR = "supervisor", _("ผู้บังคับบัญชา")

    snapshot = models.ForeignKey(ReportSnapshot, on_delete=models.CASCADE, related_name="notices")
    issue = models.PositiveIntegerField()
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    no_email = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("การแจ้งออกรายงานใหม่")
        verbose_name_plural = _("การแจ้งออกรายงานใหม่")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "issue", "employee"],
                                    name="notice_once_per_issue"),
        ]


class DevelopmentPlan(models.Model):
    """A person's individual development plan (แผนพัฒนารายบุคคล) for one released
    round, filled in by the person and their supervisor and agreed by the supervisor.

    ``agreed_at`` is None while the plan awaits agreement: never agreed, or
    changed since (any change withdraws the agreement, docs/product-rules.md).
    The version last agreed stays printed in the report (``ReportSnapshot.plan_data``).
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="development_plan")
    agreed_at = models.DateTimeField(_("วันที่ผู้บังคับบัญชาเห็นชอบ"), null=True, blank=True)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+", verbose_name=_("ผู้เห็นชอบ"))
    agreements = models.PositiveIntegerField(_("จำนวนครั้งที่เห็นชอบ"), default=0)
    last_agreed_at = models.DateTimeField(_("วันที่เห็นชอบครั้งล่าสุด"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("แผนพัฒนารายบุคคล")
        verbose_name_plural = _("แผนพัฒนารายบุคคล")

    def __str__(self) -> str:
        return f"{self.participant}"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None

    @property
    def reopened(self) -> bool:
        """Agreed once, changed since: awaiting the supervisor again."""
        return self.agreed_at is None and self.agreements > 0


class DevelopmentPlanItem(models.Model):
    """One indicator the person develops: how, when, and how far it has got."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("การฝึกอบรม")
        ON_THE_JOB = "on_the_job", _("การเรียนรู้จากการปฏิบัติงาน (On-the-job Training)")
        COACHING = "coaching", _("การสอนงานและให้คำปรึกษาแนะนำ (Coaching)")
        SELF_STUDY = "self_study", _("การศึกษาด้วยตนเอง")
        OTHER = "other", _("อื่น ๆ")

    class Status(models.TextChoices):
        PLANNED = "planned", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
        DONE = "done", _("ดำเนินการแล้วเสร็จ")

    DETAIL_MAX = 300

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("พฤติกรรมที่ต้องพัฒนา"))
    kind = models.CharField(_("วิธีการพัฒนา"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("รายละเอียดการพัฒนา"), max_length=DETAIL_MAX, blank=True)
    starts_on = models.DateField(_("วันเริ่มต้น"))
    ends_on = models.DateField(_("วันสิ้นสุด"))
    status = models.CharField(_("สถานะ"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["indicator__level__competency__code", "indicator__level__number",
                    "indicator__order"]
        verbose_name = _("รายการในแผนพัฒนา")
        verbose_name_plural = _("รายการในแผนพัฒนา")
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator"],
                                    name="plan_item_one_per_indicator"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="plan_item_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.indicator_id} {self.kind}"
