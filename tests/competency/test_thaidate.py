import datetime as dt

from competency.thaidate import fiscal_half_period, thai_date, thai_digits


def test_buddhist_era_with_thai_month_names():
    assert thai_date(dt.date(2026, 11, 27)) == "27 พฤศจิกายน 2569"
    assert thai_date(dt.date(2026, 7, 1)) == "1 กรกฎาคม 2569"
    assert thai_date(dt.date(2027, 1, 5), short=True) == "5 ม.ค. 2570"


def test_thai_digits_option():
    assert thai_date(dt.date(2026, 11, 27), digits=True) == "๒๗ พฤศจิกายน ๒๕๖๙"
    assert thai_digits("เลข 0123456789") == "เลข ๐๑๒๓๔๕๖๗๘๙"


def test_fiscal_halves():
    assert fiscal_half_period(fiscal_year_be=2569, half=1) == (
        dt.date(2025, 10, 1), dt.date(2026, 3, 31),
    )
    assert fiscal_half_period(fiscal_year_be=2569, half=2) == (
        dt.date(2026, 4, 1), dt.date(2026, 9, 30),
    )
