"""Date entry in the Buddhist Era: a text field that takes ``วว/ดด/ปปปป``
(31/08/2570, Thai digits too) and a form field that parses and checks it.

The server is the authority: without JavaScript the text field alone works.
``static/js/be-date.js`` adds a calendar over the same field (it reads the
translated texts this widget puts in ``data-be-date``) and writes the same
text the user could have typed. A year typed in the Christian era by mistake
(2027) is refused with a message saying which years are accepted, never
saved as 2027 BE (the browser date field stored "2570" as CE 2570 and showed
it as 3113).
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .thaidate import ARABIC_DIGITS, BE_OFFSET, input_date

# The years a date may be typed in: the range Round.fiscal_year accepts too.
BE_YEAR_MIN, BE_YEAR_MAX = 2500, 2700
_SHAPE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_MAX_TYPED = 30  # longer than any date however spaced: refused before the pattern

MONTH_NAMES = (
    _("มกราคม"), _("กุมภาพันธ์"), _("มีนาคม"), _("เมษายน"), _("พฤษภาคม"), _("มิถุนายน"),
    _("กรกฎาคม"), _("สิงหาคม"), _("กันยายน"), _("ตุลาคม"), _("พฤศจิกายน"), _("ธันวาคม"),
)
# Sunday first, as Thai calendars print the week.
WEEKDAYS = (_("วันอาทิตย์"), _("วันจันทร์"), _("วันอังคาร"), _("วันพุธ"), _("วันพฤหัสบดี"),
            _("วันศุกร์"), _("วันเสาร์"))
WEEKDAYS_SHORT = (_("อา."), _("จ."), _("อ."), _("พ."), _("พฤ."), _("ศ."), _("ส."))


def _help_text() -> str:
    return gettext("วัน/เดือน/ปีพุทธศักราช เช่น %(example)s") % {
        "example": input_date(timezone.localdate())}


def _texts() -> str:
    """What the calendar shows, in the active language, for ``be-date.js``."""
    return json.dumps({
        "months": [str(m) for m in MONTH_NAMES],
        "weekdays": [str(d) for d in WEEKDAYS],
        "weekdaysShort": [str(d) for d in WEEKDAYS_SHORT],
        # {be} and {ce}: the year in the Buddhist and the Christian era, put
        # in by be-date.js (not str.format: the English adds {ce}).
        # xgettext:no-python-brace-format
        "year": gettext("พ.ศ. {be}"),
        "open": gettext("เลือกวันที่จากปฏิทิน"),
        "dialog": gettext("ปฏิทินสำหรับเลือกวันที่"),
        "prev": gettext("เดือนก่อนหน้า"),
        "next": gettext("เดือนถัดไป"),
        "close": gettext("ปิดปฏิทิน"),
        "today": gettext("วันนี้"),
        "chosen": gettext("ตรงกับ{date}"),
        # A day in words: {weekday} วันพุธ, {day} 31, {month} สิงหาคม, {year} as above.
        "date": gettext("{weekday}ที่ {day} {month} {year}"),
        "keys": gettext("ลูกศรเลื่อนทีละวันหรือสัปดาห์ Page Up/Page Down เลื่อนทีละเดือน "
                   "Enter เลือก Esc ปิด"),
    }, ensure_ascii=False)


class BEDateInput(forms.TextInput):
    """A text field for ``วว/ดด/ปปปป`` in the Buddhist Era; a date shows as ``31/08/2570``
    and anything typed shows back exactly as typed."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false",
                    "placeholder": _("วว/ดด/ปปปป"), "maxlength": str(_MAX_TYPED),
                    "class": "be-date-input"}
        super().__init__(defaults | (attrs or {}))

    def format_value(self, value):
        if isinstance(value, dt.date):
            return input_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-be-date"] = _texts()
        return context

    class Media:
        css = {"all": ["css/be-date.css"]}
        js = ["js/be-date.js"]


class BEDateField(forms.Field):
    """A date typed as day/month/Buddhist-era year, Arabic or Thai digits,
    separated by ``/``, ``-`` or ``.``."""

    widget = BEDateInput
    default_error_messages = {
        "invalid": _("กรอกวันที่เป็น วัน/เดือน/ปีพุทธศักราช เช่น %(example)s"),
        "christian_era": _(
            "ปี %(year)s เป็นปีคริสต์ศักราช โปรดกรอกปีพุทธศักราช (ค.ศ. + 543) เช่น "
            "%(example)s ปีที่รับได้คือ พ.ศ. %(min)s ถึง %(max)s"),
        "year_range": _("ปี พ.ศ. %(year)s อยู่นอกช่วงที่รับได้ (พ.ศ. %(min)s ถึง %(max)s)"),
        "month": _("เดือนต้องเป็น 1 ถึง 12 (ที่กรอกคือ %(month)s)"),
        "no_such_day": _("ไม่มีวันที่ %(day)s ในเดือน%(month)s พ.ศ. %(year)s"),
    }

    def __init__(self, *, help_text=None, **kwargs):
        # The example is today's date, worked out when the form is shown.
        super().__init__(help_text=help_text or lazy(_help_text, str)(), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip().translate(ARABIC_DIGITS)
        found = _SHAPE.fullmatch(text) if len(text) <= _MAX_TYPED else None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid",
                params={"example": input_date(timezone.localdate())})
        day, month, year = (int(part) for part in found.groups())
        years = {"min": BE_YEAR_MIN, "max": BE_YEAR_MAX, "year": year}
        if BE_YEAR_MIN - BE_OFFSET <= year <= BE_YEAR_MAX - BE_OFFSET:
            example = f"{day:02d}/{month:02d}/{year + BE_OFFSET}"
            raise forms.ValidationError(self.error_messages["christian_era"],
                                        code="christian_era", params=years | {"example": example})
        if not BE_YEAR_MIN <= year <= BE_YEAR_MAX:
            raise forms.ValidationError(self.error_messages["year_range"], code="year_range",
                                        params=years)
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["month"], code="month",
                                        params={"month": month})
        try:
            return dt.date(year - BE_OFFSET, month, day)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["no_such_day"], code="no_such_day",
                params={"day": day, "month": MONTH_NAMES[month - 1], "year": year},
            ) from None
