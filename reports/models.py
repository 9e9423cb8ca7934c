"""Report snapshots (the frozen figures of one person in one round), their PDFs,
who read them, and who acknowledged them."""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Employee, Participant, Round


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
