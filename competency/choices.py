"""Vocabulary of the OCSC model shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyKind(models.TextChoices):
    CORE = "core", _("สมรรถนะหลัก")
    MANAGERIAL = "managerial", _("สมรรถนะทางการบริหาร")
    FUNCTIONAL = "functional", _("สมรรถนะเฉพาะตามลักษณะงาน")


class PositionType(models.TextChoices):
    GENERAL = "general", _("ทั่วไป")
    KNOWLEDGE = "knowledge", _("วิชาการ")
    DIRECTOR = "director", _("อำนวยการ")
    EXECUTIVE = "executive", _("บริหาร")


class PositionLevel(models.TextChoices):
    OPERATIONAL = "operational", _("ปฏิบัติงาน")
    EXPERIENCED = "experienced", _("ชำนาญงาน")
    SENIOR = "senior", _("อาวุโส")
    SKILLED = "skilled", _("ทักษะพิเศษ")
    PRACTITIONER = "practitioner", _("ปฏิบัติการ")
    PROFESSIONAL = "professional", _("ชำนาญการ")
    SENIOR_PROFESSIONAL = "senior_professional", _("ชำนาญการพิเศษ")
    EXPERT = "expert", _("เชี่ยวชาญ")
    ADVISORY = "advisory", _("ทรงคุณวุฒิ")
    PRIMARY = "primary", _("ต้น")
    HIGH = "high", _("สูง")


POSITION_LEVELS_BY_TYPE: dict[str, tuple[str, ...]] = {
    PositionType.GENERAL: ("operational", "experienced", "senior", "skilled"),
    PositionType.KNOWLEDGE: (
        "practitioner", "professional", "senior_professional", "expert", "advisory",
    ),
    PositionType.DIRECTOR: ("primary", "high"),
    PositionType.EXECUTIVE: ("primary", "high"),
}


class RaterGroup(models.TextChoices):
    SELF = "self", _("ตนเอง")
    SUPERVISOR = "supervisor", _("ผู้บังคับบัญชา")
    PEER = "peer", _("เพื่อนร่วมงาน")
    SUBORDINATE = "subordinate", _("ผู้ใต้บังคับบัญชา")
    RECIPIENT = "recipient", _("ผู้รับบริการ")


RATING_SCALE = (
    (0, _("ไม่แสดงพฤติกรรม")),
    (1, _("แสดงบางครั้ง")),
    (2, _("แสดงเกือบทุกสถานการณ์")),
    (3, _("แสดงสม่ำเสมอ")),
)
NO_BASIS_LABEL = _("ไม่มีข้อมูลเพียงพอ")
