"""The platform's one clock: the current instant, and the business date as people in France count it.

Passerelle's days are Europe/Paris days, whatever the machine's time zone: an activity recorded at
00:30 in Paris on the 1st belongs to the 1st and to that month, although UTC still says the day before.
Every "today" and "now" of the services comes from here (tests/unit/test_clock.py keeps it so).

Tests and local runs may freeze the clock at an instant (`freeze`, or the setting
PASSERELLE_CLOCK_FROZEN_AT read when a service starts); a deployment never does. Token expiry and log
times are not business time: they keep the machine's real clock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

_frozen_at: datetime | None = None


def now() -> datetime:
    """The current instant, timezone-aware in UTC: what timestamps record."""
    return _frozen_at or datetime.now(UTC)


def today() -> date:
    """The business date: today in Paris."""
    return paris_day(now())


def paris_day(moment: datetime) -> date:
    """The Paris day an instant belongs to."""
    return moment.astimezone(PARIS).date()


def paris_now() -> datetime:
    """The current instant, as Paris's wall clock shows it."""
    return now().astimezone(PARIS)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day where it has fewer (29 February
    and 24 months: 28 February). The calendar of retention periods."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


def start_of_paris_day(day: date) -> datetime:
    """The first instant of a Paris day."""
    return datetime.combine(day, datetime.min.time(), tzinfo=PARIS)


def moment_of(day: date | None) -> datetime:
    """The instant a fact dated `day` by whoever enters it is placed at: now when it is today (or not
    given), noon in Paris on an earlier day (a paper fiche received on the 3rd, typed on the 20th)."""
    if day is None or day == today():
        return now()
    return datetime.combine(day, time(12), tzinfo=PARIS).astimezone(UTC)


def freeze(at: datetime | None) -> None:
    """Stop the clock at `at` (timezone-aware), or let it run again with None."""
    global _frozen_at
    if at is not None and at.utcoffset() is None:
        raise ValueError("a frozen clock needs an instant with its time zone, e.g. 2026-03-01T00:30:00+01:00")
    _frozen_at = at.astimezone(UTC) if at is not None else None


def frozen_at() -> datetime | None:
    """The instant the clock is frozen at, if it is."""
    return _frozen_at


@contextlib.contextmanager
def frozen(at: datetime) -> Iterator[None]:
    """The clock stopped at `at` for the block, then as it was before."""
    before = _frozen_at
    freeze(at)
    try:
        yield
    finally:
        freeze(before)
