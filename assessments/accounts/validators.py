"""Django's password rules with the portal's own Thai messages.

Django's Thai catalogue leaves these messages in English; the rules stay
Django's (same checks, same codes), only the wording is the portal's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return _("รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(n)d ตัวอักษร") % {"n": self.min_length}

    def get_help_text(self):
        return _("รหัสผ่านต้องมีอย่างน้อย %(n)d ตัวอักษร") % {"n": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("รหัสผ่านคล้ายกับชื่อผู้ใช้หรืออีเมลของท่านมากเกินไป")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่คล้ายกับชื่อผู้ใช้หรืออีเมลของท่าน")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย โปรดเลือกรหัสผ่านอื่น")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่เป็นตัวเลขล้วน")
