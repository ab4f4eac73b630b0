"""What the dashboard and the annual report show: a period's indicators beside the period just
before, and month by month."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.model import Period
from reporting.service_layer import indicators


@dataclass(frozen=True)
class Summary:
    period: Period
    values: dict
    breakdowns: dict[str, dict[str, int]]
    previous: Period
    previous_values: dict
    months: list[tuple[Period, dict]]  # distinct counts are per month: they do not add up to the period's


async def summarise(session: AsyncSession, period: Period) -> Summary:
    values, breakdowns = await indicators.compute(session, period)
    previous = period.previous()
    previous_values, _ = await indicators.compute(session, previous)
    months = await indicators.compute_months(session, calendar_months(period))
    return Summary(period, values, breakdowns, previous, previous_values, months)


def calendar_months(within: Period) -> list[Period]:
    """The calendar months that meet the period, each cut to it."""
    result, first = [], within.start.replace(day=1)
    while first < within.end:
        month = Period.month(first)
        result.append(Period(max(first, within.start), min(month.end, within.end)))
        first = month.end
    return result
