"""Pages show days as people in France count them."""

from datetime import UTC, date, datetime

from passerelle.web.pages import french_day


def test_a_moment_late_in_the_evening_belongs_to_its_paris_day():
    assert french_day(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)) == "02/03/2026"  # 00:30 in Paris
    assert french_day(datetime(2026, 7, 1, 21, 59, tzinfo=UTC)) == "01/07/2026"  # 23:59 in summer
    assert french_day(date(1961, 4, 12)) == "12/04/1961"
