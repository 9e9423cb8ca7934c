"""Typing a date in the Buddhist Era (competency/datefield.py): what is taken,
and what a mistake is told (issue 15: "2570" was saved as 3113)."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from competency.datefield import BEDateField, BEDateInput
from competency.thaidate import fiscal_half_of, input_date


class DateForm(forms.Form):
    day = BEDateField(label="วันที่")


def clean(text):
    form = DateForm({"day": text})
    return form.cleaned_data["day"] if form.is_valid() else form.errors["day"]


@pytest.mark.parametrize("text", [
    "31/08/2570", "31/8/2570", " 31 / 08 / 2570 ", "31-08-2570", "31.08.2570", "๓๑/๐๘/๒๕๗๐",
])
def test_buddhist_era_dates_in_arabic_or_thai_digits(text):
    assert clean(text) == dt.date(2027, 8, 31)


def test_a_christian_era_year_is_refused_with_the_years_accepted_and_the_likely_date():
    [message] = clean("31/08/2027")
    assert "ปี 2027 เป็นปีคริสต์ศักราช" in message
    assert "31/08/2570" in message  # what was probably meant
    assert "พ.ศ. 2500 ถึง 2700" in message


def test_the_year_the_browser_date_field_turned_into_3113_is_refused():
    # The old <input type=date> sent "2570-08-31" (CE 2570); a BE year of 3113
    # is what it showed back. Neither is taken as a date.
    assert "กรอกวันที่เป็น วัน/เดือน/ปีพุทธศักราช" in clean("2570-08-31")[0]
    assert "ปี พ.ศ. 3113 อยู่นอกช่วงที่รับได้" in clean("31/08/3113")[0]


@pytest.mark.parametrize(("text", "expected"), [
    ("31/02/2570", "ไม่มีวันที่ 31 ในเดือนกุมภาพันธ์ พ.ศ. 2570"),
    ("29/02/2570", "ไม่มีวันที่ 29 ในเดือนกุมภาพันธ์ พ.ศ. 2570"),  # 2027 is no leap year
    ("01/13/2570", "เดือนต้องเป็น 1 ถึง 12"),
    ("31082570", "เช่น"),
    ("พรุ่งนี้", "เช่น"),
    ("31/08/2570\x00", "เช่น"),
    ("1/" * 5000, "เช่น"),
])
def test_impossible_or_shapeless_dates_say_what_is_wrong(text, expected):
    [message] = clean(text)
    assert expected in message


def test_a_leap_day_is_a_date():
    assert clean("29/02/2571") == dt.date(2028, 2, 29)


def test_english_messages():
    with translation.override("en"):
        [message] = clean("31/08/2027")
    assert "2027" in message and "Buddhist" in message and "31/08/2570" in message


def test_the_widget_shows_a_date_in_the_buddhist_era_and_text_as_typed():
    widget = BEDateInput()
    assert widget.format_value(dt.date(2027, 8, 31)) == "31/08/2570"
    assert widget.format_value("31/08/2027") == "31/08/2027"
    html = widget.render("day", dt.date(2027, 8, 31))
    assert 'type="text"' in html and 'value="31/08/2570"' in html
    assert 'inputmode="numeric"' in html and "data-be-date=" in html
    assert "สิงหาคม" in html  # the calendar's month names, for be-date.js


def test_input_date_and_fiscal_half_of():
    assert input_date(dt.date(2027, 1, 5)) == "05/01/2570"
    assert input_date(dt.date(2027, 1, 5), digits=True) == "๐๕/๐๑/๒๕๗๐"
    assert fiscal_half_of(dt.date(2026, 10, 1)) == (2570, 1)
    assert fiscal_half_of(dt.date(2027, 3, 31)) == (2570, 1)
    assert fiscal_half_of(dt.date(2027, 4, 1)) == (2570, 2)
    assert fiscal_half_of(dt.date(2027, 9, 30)) == (2570, 2)


def test_an_english_date_of_a_moment_is_the_local_day_as_the_thai_one_is():
    """The audit page read "2 Dec 2026 03:18" in English and "3 ธ.ค. 2569 03:18" in Thai."""
    from django.template import Context, Template

    moment = dt.datetime(2026, 12, 2, 20, 18, tzinfo=dt.UTC)  # 03:18 on 3 Dec in Bangkok
    template = Template('{% load thai %}{{ m|thai_date:"short" }} {{ m|time:"H:i" }}')
    with translation.override("en"):
        assert template.render(Context({"m": moment})) == "3 Dec 2026 03:18"
    with translation.override("th"):
        assert template.render(Context({"m": moment})) == "3 ธ.ค. 2569 03:18"
