"""The organisation: agencies, units, employees and HR officers."""


from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competency.choices import PositionLevel, PositionType


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
