"""The competency catalogue: competencies, their 5 cumulative levels, indicators.

Natural keys everywhere, so fixtures load in any order and load twice
without duplicating rows.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CompetencyKind, PositionLevel, PositionType

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyManager(models.Manager):
    def get_by_natural_key(self, code, version=1):
        return self.get(code=code, version=version)


class Competency(models.Model):
    code = models.CharField(_("รหัส"), max_length=20)
    # A round keeps the version it was opened with: texts used by a round are
    # never edited in place, a revision is a new version (see competency.services).
    version = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=CompetencyKind.choices)
    number = models.PositiveSmallIntegerField(
        _("ลำดับในประเภท"), default=1, help_text=_("เช่น สมรรถนะหลักที่ 2")
    )
    name_th = models.CharField(_("ชื่อสมรรถนะ (ไทย)"), max_length=200)
    name_en = models.CharField(_("ชื่อสมรรถนะ (อังกฤษ)"), max_length=200, blank=True)
    definition_th = models.TextField(_("คำจำกัดความ (ไทย)"))
    definition_en = models.TextField(_("คำจำกัดความ (อังกฤษ)"), blank=True)
    is_active = models.BooleanField(_("ใช้งาน"), default=True)

    objects = CompetencyManager()

    class Meta:
        ordering = ["kind", "number", "code", "-version"]
        verbose_name = _("สมรรถนะ")
        verbose_name_plural = _("สมรรถนะ")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="competency_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    def natural_key(self):
        return (self.code, self.version)


class LevelManager(models.Manager):
    def get_by_natural_key(self, competency_code, *rest):
        # (code, number) in the shipped fixture; (code, version, number) when dumped.
        version, number = rest if len(rest) == 2 else (1, rest[0])
        return self.get(competency__code=competency_code, competency__version=version,
                        number=number)


class Level(models.Model):
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="levels", verbose_name=_("สมรรถนะ")
    )
    number = models.PositiveSmallIntegerField(_("ระดับ"), validators=LEVEL_VALIDATORS)
    summary_th = models.TextField(_("คำอธิบายระดับ (ไทย)"))
    summary_en = models.TextField(_("คำอธิบายระดับ (อังกฤษ)"), blank=True)

    objects = LevelManager()

    class Meta:
        ordering = ["competency", "number"]
        verbose_name = _("ระดับสมรรถนะ")
        verbose_name_plural = _("ระดับสมรรถนะ")
        constraints = [
            models.UniqueConstraint(fields=["competency", "number"], name="level_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=5), name="level_number_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ระดับ {self.number}"

    def natural_key(self):
        return (*self.competency.natural_key(), self.number)

    natural_key.dependencies = ["competency.competency"]


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, competency_code, *rest):
        version, level_number, order = rest if len(rest) == 3 else (1, *rest)
        return self.get(
            level__competency__code=competency_code, level__competency__version=version,
            level__number=level_number, order=order,
        )


class Indicator(models.Model):
    """One behavioural indicator (พฤติกรรมบ่งชี้) of a level."""

    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("ระดับ")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    text_th = models.TextField(_("พฤติกรรมบ่งชี้ (ไทย)"))
    text_en = models.TextField(_("พฤติกรรมบ่งชี้ (อังกฤษ)"), blank=True)

    objects = IndicatorManager()

    class Meta:
        ordering = ["level__competency", "level__number", "order"]
        verbose_name = _("พฤติกรรมบ่งชี้")
        verbose_name_plural = _("พฤติกรรมบ่งชี้")
        constraints = [
            models.UniqueConstraint(fields=["level", "order"], name="indicator_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.level} ข้อ {self.order}"

    @property
    def code(self) -> str:
        """Stable label such as ``102-2.1`` (competency, level, order)."""
        return f"{self.level.competency.code}-{self.level.number}.{self.order}"

    def natural_key(self):
        return (*self.level.natural_key(), self.order)

    natural_key.dependencies = ["competency.level"]


class ExpectedLevelManager(models.Manager):
    def get_by_natural_key(self, position_type, position_level, competency_kind):
        return self.get(
            position_type=position_type,
            position_level=position_level,
            competency_kind=competency_kind,
        )


class ExpectedLevel(models.Model):
    """The expected level (ระดับที่คาดหวัง) of a position for a kind of competency."""

    position_type = models.CharField(_("ประเภทตำแหน่ง"), max_length=20, choices=PositionType.choices)
    position_level = models.CharField(
        _("ระดับตำแหน่ง"), max_length=30, choices=PositionLevel.choices
    )
    competency_kind = models.CharField(
        _("ประเภทสมรรถนะ"), max_length=20, choices=CompetencyKind.choices
    )
    level = models.PositiveSmallIntegerField(_("ระดับที่คาดหวัง"), validators=LEVEL_VALIDATORS)

    objects = ExpectedLevelManager()

    class Meta:
        ordering = ["position_type", "position_level", "competency_kind"]
        verbose_name = _("ระดับที่คาดหวัง")
        verbose_name_plural = _("ตารางระดับที่คาดหวัง")
        constraints = [
            models.UniqueConstraint(
                fields=["position_type", "position_level", "competency_kind"],
                name="expected_level_unique",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_position_type_display()} {self.get_position_level_display()}"
            f" / {self.get_competency_kind_display()}: {self.level}"
        )

    def natural_key(self):
        return (self.position_type, self.position_level, self.competency_kind)
