"""HR operations kept as rows: import jobs, reminders sent, PDPA removals."""


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Agency, Employee
from .rounds import Round


def _import_upload_to(instance, filename: str) -> str:
    return f"imports/{instance.agency_id}/{filename}"


class ImportJob(models.Model):
    """An uploaded organisation file: checked first (dry run), then applied.

    ``report`` holds the dry-run preview (counts, changes, bad rows) so the
    preview page never re-reads the file; ``progress`` (0-100) is what the
    polling page shows while a worker runs it.
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("หน่วยงาน")
        EMPLOYEES = "employees", _("ข้าราชการ")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("อัปโหลดแล้ว")
        CHECKING = "checking", _("กำลังตรวจสอบ")
        CHECKED = "checked", _("ตรวจสอบแล้ว")
        INVALID = "invalid", _("พบข้อผิดพลาด")
        APPLYING = "applying", _("กำลังนำเข้า")
        APPLIED = "applied", _("นำเข้าแล้ว")
        FAILED = "failed", _("ไม่สำเร็จ")
        DISCARDED = "discarded", _("ยกเลิกแล้ว")

    RUNNING_STATES = (Status.UPLOADED, Status.CHECKING, Status.APPLYING)

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="import_jobs")
    kind = models.CharField(_("ประเภทข้อมูล"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("ไฟล์"), upload_to=_import_upload_to)
    original_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    encoding = models.CharField(_("รหัสอักขระ"), max_length=20, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("ความคืบหน้า (%)"), default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # When the current step was handed to a worker (or began): the sweeper
    # finds a step whose task was lost by its age; ``attempts`` counts the
    # steps handed out again, so a file that kills the worker ends "failed".
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานนำเข้าข้อมูล")
        verbose_name_plural = _("งานนำเข้าข้อมูล")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATES


class ReminderLog(models.Model):
    """One e-mail of one kind to one person for a round: the unique constraints
    make "each person at most once per reminder" hold even with two workers,
    and a manual reminder at most once per request (``send``)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("เชิญประเมิน")
        BEFORE = "before", _("เตือนก่อนกำหนดส่ง")
        DUE = "due", _("เตือนวันครบกำหนดส่ง")
        RELEASED = "released", _("แจ้งประกาศผล")
        MANUAL = "manual", _("เตือนโดยเจ้าหน้าที่")

    # What counts as "has just been mailed about the round" for the throttle
    # of manual reminders (the results notice is about something else).
    REMINDING = (Kind.INVITATION, Kind.BEFORE, Kind.DUE, Kind.MANUAL)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminder_logs")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The deadline the reminder spoke of: an extended deadline earns new reminders.
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    # The sending it was part of (who asked and when, for a manual reminder).
    send = models.ForeignKey("ReminderSend", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="logs")

    class Meta:
        verbose_name = _("บันทึกการส่งอีเมล")
        verbose_name_plural = _("บันทึกการส่งอีเมล")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "employee", "kind"],
                condition=models.Q(kind__in=["invitation", "released"]),
                name="reminderlog_once_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "employee", "kind", "deadline"],
                condition=models.Q(kind__in=["before", "due"]),
                name="reminderlog_once_per_deadline",
            ),
            models.UniqueConstraint(
                fields=["send", "employee"], condition=models.Q(kind="manual"),
                name="reminderlog_once_per_send",
            ),
        ]
        indexes = [models.Index(fields=["round", "employee", "-sent_at"])]


class ReminderSend(models.Model):
    """One sending of one kind of mail for a round: the invitations of an
    opening, a scheduled reminder, the results notice, or HR's reminder from
    the round's page. The round's page lists these with their counts; each
    person mailed has a ``ReminderLog`` row pointing here."""

    class Target(models.TextChoices):
        SCHEDULE = "schedule", _("ส่งโดยระบบ")
        ONE = "one", _("รายบุคคล")
        SELECTED = "selected", _("ผู้ที่เลือก")
        LATE = "late", _("ทุกคนที่ยังส่งไม่ครบ")

    class Status(models.TextChoices):
        QUEUED = "queued", _("รอส่ง")
        SENDING = "sending", _("กำลังส่ง")
        DONE = "done", _("ส่งแล้ว")
        # The round closed (or was released) before the worker got to it.
        CANCELLED = "cancelled", _("ไม่ได้ส่ง (รอบไม่ได้เปิดอยู่แล้ว)")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminder_sends")
    kind = models.CharField(max_length=10, choices=ReminderLog.Kind.choices)
    target = models.CharField(max_length=10, choices=Target.choices, default=Target.SCHEDULE)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    # The raters HR chose (target one or selected): ids only, no personal data.
    employee_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # had it already, or very recently
    no_email = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("การส่งอีเมล")
        verbose_name_plural = _("การส่งอีเมล")
        indexes = [models.Index(fields=["round", "-requested_at"])]


class PersonalDataRemoval(models.Model):
    """Audit and marker: a former employee's personal data was removed (PDPA).

    Holds no personal data itself: the employee row keeps only a placeholder
    name, so the ratings that stay (anonymised) still add up in past rounds.
    """

    employee = models.OneToOneField(
        Employee, on_delete=models.PROTECT, related_name="personal_data_removal"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("ว่างเมื่อลบด้วยคำสั่งของระบบ"),
    )
    last_round_on = models.DateField(_("วันที่สิ้นสุดรอบล่าสุด"), null=True, blank=True)
    at = models.DateTimeField(_("วันที่ลบข้อมูล"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("การลบข้อมูลส่วนบุคคล")
        verbose_name_plural = _("การลบข้อมูลส่วนบุคคล")
