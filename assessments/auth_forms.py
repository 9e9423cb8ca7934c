from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
