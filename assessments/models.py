"""Organisation, rounds, rater assignments and ratings."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competency.choices import PositionLevel, PositionType, RaterGroup
from competency.models import Competency, Indicator


class Agency(models.Model):
    """A department (กรม) or equivalent: the unit that runs its own rounds."""

    code = models.SlugField(_("รหัสส่วนราชการ"), max_length=30, unique=True)
    name_th = models.CharField(_("ชื่อส่วนราชการ"), max_length=200)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=200, blank=True)
    # PDPA: how long a former employee's personal data is kept after their last round.
    personal_data_retention_years = models.PositiveSmallIntegerField(
        _("ระยะเวลาเก็บข้อมูลส่วนบุคคล (ปี)"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )

    class Meta:
        verbose_name = _("ส่วนราชการ")
        verbose_name_plural = _("ส่วนราชการ")

    def __str__(self) -> str:
        return self.name_th


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("กรม")
        BUREAU = "bureau", _("สำนัก/กอง")
        GROUP = "group", _("กลุ่มงาน/ฝ่าย")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("หน่วยงานต้นสังกัด"),
    )
    code = models.CharField(_("รหัสหน่วยงาน"), max_length=30)
    name_th = models.CharField(_("ชื่อหน่วยงาน"), max_length=200)
    kind = models.CharField(_("ประเภทหน่วยงาน"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["agency", "code"]
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="orgunit_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name_th


class Employee(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="employees")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("หน่วยงาน")
    )
    employee_number = models.CharField(_("เลขประจำตัว"), max_length=30)
    title = models.CharField(_("คำนำหน้า"), max_length=50, blank=True)
    first_name = models.CharField(_("ชื่อ"), max_length=100)
    last_name = models.CharField(_("นามสกุล"), max_length=100)
    email = models.EmailField(_("อีเมล"), blank=True)
    position_name = models.CharField(_("ตำแหน่ง"), max_length=200)
    position_type = models.CharField(
        _("ประเภทตำแหน่ง"), max_length=20, choices=PositionType.choices
    )
    position_level = models.CharField(
        _("ระดับตำแหน่ง"), max_length=30, choices=PositionLevel.choices
    )
    supervisor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="subordinates",
        verbose_name=_("ผู้บังคับบัญชาชั้นต้น"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="employee",
    )
    expected_level_override = models.PositiveSmallIntegerField(
        _("ระดับที่คาดหวัง (กำหนดเอง)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    expected_level_override_reason = models.CharField(
        _("เหตุผลที่กำหนดระดับเอง"), max_length=300, blank=True
    )
    is_active = models.BooleanField(_("ปฏิบัติงานอยู่"), default=True)

    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        ordering = ["agency", "employee_number"]
        verbose_name = _("ข้าราชการ")
        verbose_name_plural = _("ข้าราชการ")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "employee_number"], name="employee_unique_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("id")), name="employee_not_own_supervisor"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()


class HrOfficer(models.Model):
    """An HR officer (เจ้าหน้าที่บริหารทรัพยากรบุคคล) of one agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hr_roles"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="hr_officers")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("เจ้าหน้าที่บริหารทรัพยากรบุคคล")
        verbose_name_plural = _("เจ้าหน้าที่บริหารทรัพยากรบุคคล")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="hrofficer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"


def _weight_field(label, default):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, default=Decimal(default),
        validators=[MinValueValidator(Decimal(0))],
    )


class Round(models.Model):
    """An appraisal round (รอบการประเมิน) with the settings its scoring uses."""

    class State(models.TextChoices):
        DRAFT = "draft", _("ร่าง")
        OPEN = "open", _("เปิดประเมิน")
        CLOSED = "closed", _("ปิดประเมิน")
        RELEASED = "released", _("ประกาศผลแล้ว")

    class Half(models.IntegerChoices):
        FIRST = 1, _("รอบที่ 1 (1 ต.ค. - 31 มี.ค.)")
        SECOND = 2, _("รอบที่ 2 (1 เม.ย. - 30 ก.ย.)")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="rounds")
    name_th = models.CharField(_("ชื่อรอบการประเมิน"), max_length=200)
    slug = models.SlugField(_("รหัสรอบ"), max_length=60, unique=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    half = models.PositiveSmallIntegerField(_("ครึ่งปี"), choices=Half.choices)
    state = models.CharField(
        _("สถานะ"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    deadline = models.DateField(_("กำหนดส่งแบบประเมิน"))
    competencies = models.ManyToManyField(
        Competency, through="RoundCompetency", related_name="rounds", verbose_name=_("สมรรถนะ")
    )
    weight_self = _weight_field(_("น้ำหนัก ตนเอง"), "20")
    weight_supervisor = _weight_field(_("น้ำหนัก ผู้บังคับบัญชา"), "40")
    weight_peer = _weight_field(_("น้ำหนัก เพื่อนร่วมงาน"), "20")
    weight_subordinate = _weight_field(_("น้ำหนัก ผู้ใต้บังคับบัญชา"), "20")
    weight_recipient = _weight_field(_("น้ำหนัก ผู้รับบริการ"), "0")
    pass_mark = models.DecimalField(
        _("เกณฑ์ผ่านระดับ (0-3)"), max_digits=3, decimal_places=2, default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(3))],
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("จำนวนผู้ประเมินขั้นต่ำต่อกลุ่ม"), default=3, validators=[MinValueValidator(1)]
    )
    rater_cap = models.PositiveSmallIntegerField(
        _("จำนวนแบบประเมินสูงสุดต่อผู้ประเมิน"), default=12, validators=[MinValueValidator(1)]
    )
    competency_weight = models.DecimalField(
        _("น้ำหนักองค์ประกอบสมรรถนะ (%)"), max_digits=5, decimal_places=2,
        default=Decimal("30"), validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("แจ้งเตือนล่วงหน้า (วัน)"), default=3
    )
    thai_digits = models.BooleanField(_("ใช้เลขไทยในรายงาน"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    released_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-fiscal_year", "-half", "name_th"]
        verbose_name = _("รอบการประเมิน")
        verbose_name_plural = _("รอบการประเมิน")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight_self__gte=0, weight_supervisor__gte=0,
                                   weight_peer__gte=0, weight_subordinate__gte=0,
                                   weight_recipient__gte=0),
                name="round_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def group_weights(self) -> dict[str, Decimal]:
        return {
            RaterGroup.SELF: self.weight_self,
            RaterGroup.SUPERVISOR: self.weight_supervisor,
            RaterGroup.PEER: self.weight_peer,
            RaterGroup.SUBORDINATE: self.weight_subordinate,
            RaterGroup.RECIPIENT: self.weight_recipient,
        }

    @property
    def groups_in_use(self) -> list[str]:
        return [g for g, w in self.group_weights.items() if w > 0]


class RoundCompetency(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_competencies")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(default=1)
    weight = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(1))

    class Meta:
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "competency"], name="roundcomp_unique"),
        ]


class Participant(models.Model):
    """A ratee in a round, with the facts frozen when the round opened."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="participations"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=200)
    position_name = models.CharField(max_length=200)
    position_type = models.CharField(max_length=20, choices=PositionType.choices)
    position_level = models.CharField(max_length=30, choices=PositionLevel.choices)
    supervisor = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # {competency code: expected level}, frozen at opening.
    expected_levels = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "employee__employee_number"]
        verbose_name = _("ผู้รับการประเมิน")
        verbose_name_plural = _("ผู้รับการประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["round", "employee"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} ({self.round})"


class Assignment(models.Model):
    """One rating form: a rater rates a participant."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("รออนุมัติ")
        REJECTED = "rejected", _("ไม่อนุมัติ")
        PENDING = "pending", _("ยังไม่เริ่ม")
        DRAFT = "draft", _("บันทึกร่าง")
        SUBMITTED = "submitted", _("ส่งแล้ว")
        REMOVED = "removed", _("ยกเลิก")

    ACTIVE_STATUSES = (Status.PENDING, Status.DRAFT, Status.SUBMITTED)
    OPEN_STATUSES = (Status.PENDING, Status.DRAFT)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assignments"
    )
    rater = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="assignments")
    group = models.CharField(_("ความสัมพันธ์"), max_length=20, choices=RaterGroup.choices)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    decision_reason = models.CharField(_("เหตุผล"), max_length=300, blank=True)
    allow_late = models.BooleanField(_("อนุญาตให้ส่งหลังปิดรอบ"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["round", "participant", "group"]
        verbose_name = _("แบบประเมิน")
        verbose_name_plural = _("แบบประเมิน")
        constraints = [
            models.UniqueConstraint(fields=["participant", "rater"], name="assignment_unique"),
        ]
        indexes = [
            models.Index(fields=["rater", "status"]),
            models.Index(fields=["round", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.rater} -> {self.participant.employee} ({self.group})"


class Rating(models.Model):
    """The answer to one indicator on one form. NULL value: no basis to judge."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "indicator"], name="rating_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=3),
                name="rating_value_on_scale",
            ),
        ]


class FormComment(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="comments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "competency"], name="comment_unique"),
        ]


class FormReopening(models.Model):
    """HR reopened a submitted form; the reason is kept."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reopenings"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("เหตุผลที่เปิดแบบประเมินใหม่"), max_length=300)
    at = models.DateTimeField(auto_now_add=True)


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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานนำเข้าข้อมูล")
        verbose_name_plural = _("งานนำเข้าข้อมูล")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING, self.Status.APPLYING)


class ReminderLog(models.Model):
    """One e-mail of one kind to one person for a round: the unique constraints
    make "each person at most once per reminder" hold even with two workers."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("เชิญประเมิน")
        BEFORE = "before", _("เตือนก่อนกำหนดส่ง")
        DUE = "due", _("เตือนวันครบกำหนดส่ง")
        RELEASED = "released", _("แจ้งประกาศผล")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminder_logs")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The deadline the reminder spoke of: an extended deadline earns new reminders.
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

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
        ]


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
