"""Local accounts: what happened to a person's sign-in, and where they are signed in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisation import Agency, Employee


class AccountEvent(models.Model):
    """One thing done to or with a person's account: the audit trail HR reads.

    ``by`` is who did it (HR for a resend or an unlock; empty when the portal
    did it, e.g. the activation link in a round's invitation, or when the
    person did it themselves through a link).
    """

    class Kind(models.TextChoices):
        ACTIVATION_SENT = "activation_sent", _("ส่งลิงก์เปิดใช้งานบัญชี")
        ACTIVATED = "activated", _("ตั้งรหัสผ่านและเปิดใช้งานบัญชี")
        RESET_SENT = "reset_sent", _("ส่งลิงก์ตั้งรหัสผ่านใหม่")
        PASSWORD_RESET = "password_reset", _("ตั้งรหัสผ่านใหม่ผ่านลิงก์")
        PASSWORD_CHANGED = "password_changed", _("เปลี่ยนรหัสผ่าน")
        UNLOCKED = "unlocked", _("ปลดการระงับการเข้าสู่ระบบ")
        DEACTIVATED = "deactivated", _("ระงับการใช้งานบัญชี")
        REACTIVATED = "reactivated", _("เปิดใช้งานบัญชีอีกครั้ง")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="account_events"
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="account_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="account_events",
    )
    kind = models.CharField(_("รายการ"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("ผู้ดำเนินการ"),
    )
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("รายการเกี่ยวกับบัญชีผู้ใช้")
        verbose_name_plural = _("รายการเกี่ยวกับบัญชีผู้ใช้")
        indexes = [models.Index(fields=["agency", "-at"], name="accountevent_agency_at")]

    def __str__(self) -> str:
        return self.get_kind_display()


class AccountSession(models.Model):
    """Which sessions belong to which user, recorded at login.

    Sessions are stored without their owner, so ending "every other session
    of this person" would otherwise mean decoding every session in the
    database.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.session_key[:6]}"
