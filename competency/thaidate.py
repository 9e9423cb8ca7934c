"""Thai document conventions: Buddhist-era dates, Thai month names, Thai digits."""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543
MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_digits(text: str) -> str:
    return str(text).translate(_THAI_DIGITS)


def thai_date(
    value: dt.date | dt.datetime | None, *, short: bool = False, digits: bool = False
) -> str:
    """``27 พฤศจิกายน 2569`` (or ``27 พ.ย. 2569``); Thai digits on request."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    month = (MONTHS_SHORT if short else MONTHS)[value.month - 1]
    text = f"{value.day} {month} {value.year + BE_OFFSET}"
    return thai_digits(text) if digits else text


def shown_date(value: dt.date | dt.datetime | None, *, short: bool = False) -> str:
    """A date for the active language: Buddhist era with Thai months on a Thai
    page (``31 ส.ค. 2570``), ``31 Aug 2027`` on an English one."""
    from django.utils.translation import get_language

    if value is None:
        return ""
    if (get_language() or "th").startswith("en"):
        if isinstance(value, dt.datetime):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
        return value.strftime("%-d %b %Y" if short else "%-d %B %Y")
    return thai_date(value, short=short)


def fiscal_half_period(*, fiscal_year_be: int, half: int) -> tuple[dt.date, dt.date]:
    """The dates of a half of a fiscal year (FY 2569 starts 1 Oct 2568 BE)."""
    year_ce = fiscal_year_be - BE_OFFSET
    if half == 1:
        return dt.date(year_ce - 1, 10, 1), dt.date(year_ce, 3, 31)
    return dt.date(year_ce, 4, 1), dt.date(year_ce, 9, 30)


def fiscal_half_of(day: dt.date) -> tuple[int, int]:
    """(fiscal year BE, half) a date falls in: the year starts on 1 October,
    the first half runs to 31 March (FY 2570 starts 1 Oct 2569 BE)."""
    year_be = day.year + BE_OFFSET + (1 if day.month >= 10 else 0)
    return year_be, 1 if day.month >= 10 or day.month <= 3 else 2


def input_date(value: dt.date | None, *, digits: bool = False) -> str:
    """A date as the Buddhist-era entry field takes it: ``31/08/2570``."""
    if value is None:
        return ""
    text = f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
    return thai_digits(text) if digits else text
