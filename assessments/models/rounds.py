"""Rounds and what happens in them: participants, assignments, ratings."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from competency.choices import PositionLevel, PositionType, RaterGroup
from competency.models import Competency, Indicator
from competency.scoring import ScoringRules
from competency.thaidate import fiscal_half_period, shown_date

from .organisation import Agency, Employee, OrgUnit


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

    # Closed or released: the states in which a round has results (snapshots,
    # reports, exports) and late forms may still be accepted.
    FINISHED_STATES = (State.CLOSED, State.RELEASED)

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
    # Blind spots and hidden strengths: the self rating this far above (or
    # below) the others' combined rating. Default a third of the 0-3 range.
    gap_threshold = models.DecimalField(
        _("ส่วนต่างตนเองกับผู้อื่นที่นับเป็นจุดบอดหรือจุดแข็งที่ซ่อนอยู่"), max_digits=3,
        decimal_places=2, default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(3))],
    )

    class MissingCompetency(models.TextChoices):
        OMIT = "omit", _("ไม่นำมาคิด (หารด้วยจำนวนสมรรถนะที่มีผล)")
        ZERO = "zero", _("นับเป็น 0 คะแนน")

    # A competency without usable answers in the competency part of the appraisal.
    missing_competency = models.CharField(
        _("สมรรถนะที่ไม่มีข้อมูลเพียงพอ"), max_length=4, choices=MissingCompetency.choices,
        default=MissingCompetency.OMIT,
    )
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

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def half_period(self) -> tuple[dt.date, dt.date] | None:
        """First and last day of the round's fiscal half (None while the year is invalid)."""
        if not (2500 <= (self.fiscal_year or 0) <= 2700) or self.half not in (1, 2):
            return None
        return fiscal_half_period(fiscal_year_be=self.fiscal_year, half=self.half)

    def deadline_error(self, deadline: dt.date | None = None) -> str | None:
        """Why ``deadline`` (the round's own by default) cannot be its deadline:
        it must fall within the round's fiscal half (docs/product-rules.md)."""
        deadline = deadline or self.deadline
        period = self.half_period
        if deadline is None or period is None or period[0] <= deadline <= period[1]:
            return None
        return _("กำหนดส่งต้องอยู่ในครึ่งปีงบประมาณของรอบ: %(start)s ถึง %(end)s") % {
            "start": shown_date(period[0], short=True), "end": shown_date(period[1], short=True)}

    def weights_error(self) -> str | None:
        """Group weights are percentages: they add up to 100 (docs/product-rules.md)."""
        weights = self.group_weights.values()
        if any(w is None for w in weights):
            return None
        total = sum(weights, Decimal(0))
        if total == 100:
            return None
        return _("น้ำหนักกลุ่มผู้ประเมินรวมกันต้องเท่ากับ 100 (ขณะนี้รวมได้ %(total)s)") % {
            "total": f"{total.normalize():f}"}

    def clean(self):
        super().clean()
        errors = {}
        if message := self.deadline_error():
            errors["deadline"] = message
        if message := self.weights_error():
            errors[NON_FIELD_ERRORS] = message
        if errors:
            raise ValidationError(errors)

    def scoring_rules(self) -> ScoringRules:
        """The scoring settings of this round, for :mod:`competency.scoring`.

        Raises ``ValueError`` when the settings cannot be scored (no group with
        a weight, a pass mark outside the scale).
        """
        return ScoringRules(
            group_weights={g: float(w) for g, w in self.group_weights.items()},
            pass_mark=float(self.pass_mark),
            min_group_size=self.min_group_size,
        )


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
        # The rater left the agency (was deactivated) while the form was open.
        WITHDRAWN = "withdrawn", _("ถอนออก (ผู้ประเมินพ้นจากส่วนราชการ)")

    ACTIVE_STATUSES = (Status.PENDING, Status.DRAFT, Status.SUBMITTED)
    OPEN_STATUSES = (Status.PENDING, Status.DRAFT)
    # What deactivating a rater withdraws: a nomination awaiting approval too.
    WITHDRAWABLE_STATUSES = (Status.PROPOSED, Status.PENDING, Status.DRAFT)

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

    def is_editable(self) -> bool:
        """Whether the rater may still change this assignment's answers: it is
        open (pending or draft) and its round is open, or finished with the
        assignment allowed in late. ``assignment_save`` enforces the same rule."""
        if self.status not in self.OPEN_STATUSES:
            return False
        return self.round.state == Round.State.OPEN or (
            self.round.is_finished and self.allow_late
        )


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


class AssignmentComment(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="comments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "competency"], name="comment_unique"),
        ]


class AssignmentReopening(models.Model):
    """HR reopened a submitted form; the reason is kept."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reopenings"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("เหตุผลที่เปิดแบบประเมินใหม่"), max_length=300)
    at = models.DateTimeField(auto_now_add=True)
