"""The account forms, with the portal's labels and Thai messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


def _password_fields():
    new = forms.CharField(
        label=_("รหัสผ่านใหม่"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    again = forms.CharField(
        label=_("ยืนยันรหัสผ่านใหม่"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("พิมพ์รหัสผ่านใหม่อีกครั้งเพื่อยืนยัน"),
    )
    return new, again


class PasswordForgotForm(forms.Form):
    email = forms.EmailField(
        label=_("อีเมลที่หน่วยงานบันทึกไว้"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"invalid": _("โปรดกรอกอีเมลให้ถูกต้อง"),
                        "required": _("โปรดกรอกอีเมล")},
    )


class PasswordSetForm(auth_forms.SetPasswordForm):
    """The first password (activation) or a new one (reset link)."""

    error_messages = {"password_mismatch": _("รหัสผ่านทั้งสองช่องไม่ตรงกัน")}
    new_password1, new_password2 = _password_fields()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
        "password_incorrect": _("รหัสผ่านปัจจุบันไม่ถูกต้อง โปรดลองอีกครั้ง"),
    }
    old_password = forms.CharField(
        label=_("รหัสผ่านปัจจุบัน"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "autofocus": True}),
    )
    new_password1, new_password2 = _password_fields()
    field_order = ["old_password", "new_password1", "new_password2"]
