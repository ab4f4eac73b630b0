"""Outreach actions, series of recurring actions, and the partner directory. Plain Python.

This service never holds a person's identity: head counts only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.tenancy import TenantOwned

MAX_OCCURRENCES = 53  # a weekly series over a year at most


class ActionStatus(StrEnum):
    PLANNED = "planned"
    RECORDED = "recorded"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class OutreachAction(TenantOwned):
    """A maraude, home visit, drop-in, collective action, event, partner meeting or training."""

    id: uuid.UUID
    tenant_id: str
    kind: str
    occurred_on: date
    recorded_by: str
    recorded_at: datetime
    people_met: int = 0
    people_redirected: int = 0
    duration_minutes: int | None = None
    start_time: time | None = None  # Paris wall-clock time it starts at, for the week's calendar
    commune: str | None = None
    neighbourhood: str | None = None
    themes: list[str] = field(default_factory=list)
    partner_ids: list[uuid.UUID] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)
    notes: str | None = None
    status: str = ActionStatus.RECORDED
    series_id: uuid.UUID | None = None

    def record(self, *, people_met: int, people_redirected: int, today: date, **details) -> None:
        """Record what happened at a planned occurrence, or correct a recorded action."""
        if self.status == ActionStatus.CANCELLED:
            raise InvalidTransition("a cancelled action cannot be recorded", current_state=self.status)
        if self.occurred_on > today:
            raise InvalidInput("occurred_on", "an action is recorded once it has happened")
        check_head_counts(people_met, people_redirected)
        self.people_met, self.people_redirected, self.status = people_met, people_redirected, ActionStatus.RECORDED
        for name, value in details.items():
            setattr(self, name, value)

    def count_follow_up(self) -> None:
        """A mediator opened a follow-up for a person met here: one more person redirected (and met)."""
        self.people_redirected += 1
        self.people_met = max(self.people_met, self.people_redirected)

    def cancel(self) -> None:
        if self.status == ActionStatus.CANCELLED:
            raise InvalidTransition("this action is already cancelled", current_state=self.status)
        self.status = ActionStatus.CANCELLED


def check_head_counts(people_met: int, people_redirected: int) -> None:
    if people_met < 0 or people_redirected < 0:
        raise InvalidInput("people_met", "head counts are never negative")
    if people_redirected > people_met:
        raise InvalidInput("people_redirected", "cannot exceed the number of people met")


def weekly_dates(first: date, until: date) -> list[date]:
    """Every week from `first` to `until` included (a weekly drop-in, a weekly walking group)."""
    if until < first:
        raise InvalidInput("until", "the series ends before it starts")
    dates = [first + timedelta(weeks=n) for n in range((until - first).days // 7 + 1)]
    if len(dates) > MAX_OCCURRENCES:
        raise InvalidInput("until", f"a series has at most {MAX_OCCURRENCES} occurrences (one year of weeks)")
    return dates


@dataclass(eq=False)
class Partner(TenantOwned):
    """A structure of the tenant's network; shared with the département, other tenants may reuse it."""

    id: uuid.UUID
    tenant_id: str
    name: str
    type: str
    sector: str | None = None
    commune: str | None = None
    contact_point: str | None = None
    active: bool = True
    shared: bool = False


@dataclass(eq=False)
class PartnerOrientation(TenantOwned):
    """A case's orientation to a structure of the directory, as the cases service announced it, and its day."""

    activity_id: uuid.UUID
    tenant_id: str
    partner_name: str
    occurred_on: date
    partner_id: uuid.UUID | None = None
