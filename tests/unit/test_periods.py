"""Reporting's periods and the arithmetic of its indicators, without the platform."""

from __future__ import annotations

from datetime import date

import pytest

from reporting.domain.model import Period
from reporting.service_layer.indicators import ratio


def test_a_month_ends_on_the_first_day_of_the_next_even_in_december():
    assert Period.month(date(2026, 12, 1)) == Period(date(2026, 12, 1), date(2027, 1, 1))
    assert Period.month(date(2026, 2, 1)).last_day == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("period", "before"),
    [
        (Period(date(2026, 1, 1), date(2027, 1, 1)), Period(date(2025, 1, 1), date(2026, 1, 1))),
        (Period(date(2026, 1, 1), date(2026, 4, 1)), Period(date(2025, 10, 1), date(2026, 1, 1))),
        (Period(date(2026, 3, 10), date(2026, 3, 20)), Period(date(2026, 2, 28), date(2026, 3, 10))),
    ],
)
def test_the_period_before_is_as_long_and_whole_months_give_whole_months(period, before):
    assert period.previous() == before


def test_a_ratio_is_a_share_and_has_no_value_without_a_whole():
    assert ratio(59, 74) == pytest.approx(0.797, abs=1e-3)
    assert ratio(0, 0) is None
