from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .selectors.signin import REFUSAL_MESSAGES


class LoginForm(AuthenticationForm):
    """Django's login form with the portal's own labels and messages."""

    username = forms.CharField(
        label=_("ชื่อผู้ใช้ (เลขประจำตัว)"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                      "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("รหัสผ่าน"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง โปรดตรวจสอบแล้วลองอีกครั้ง"),
        "inactive": _("บัญชีนี้ถูกระงับการใช้งาน"),
    }

    def get_invalid_login_error(self):
        # The directory accepted the password but names no usable employee.
        reason = getattr(self.request, "directory_refusal", None)
        if reason is not None:
            return ValidationError(REFUSAL_MESSAGES[reason], code=reason.value)
        return super().get_invalid_login_error()
