"""Facts projected from events: one row per counted thing, named by ids and pseudonyms only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from passerelle.tenancy import TenantOwned


@dataclass(eq=False)
class CaseFact(TenantOwned):
    case_id: uuid.UUID
    tenant_id: str
    beneficiary_pid: uuid.UUID
    opened_on: date
    referral_id: uuid.UUID | None
    referral_submitted_at: datetime | None


@dataclass(eq=False)
class ActivityFact(TenantOwned):
    """A case activity on the day it happened; orientations carry their partner and, once known, outcome."""

    activity_id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: str
    occurred_on: date
    scheme: str | None = None
    channel: str | None = None
    partner_name: str | None = None
    partner_id: uuid.UUID | None = None  # the directory's; None for a name given before it, until matched
    outcome: str | None = None


@dataclass(eq=False)
class MissedAppointmentFact(TenantOwned):
    """A planned appointment the person did not come to, on its own day."""

    appointment_id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: str
    missed_on: date


@dataclass(eq=False)
class ClosureFact(TenantOwned):
    """One closure of a case (a case reopened and closed again has two)."""

    event_id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    closed_on: date
    closed_at: datetime
    outcome: str
    satisfaction: int | None


@dataclass(eq=False)
class OutreachActionFact(TenantOwned):
    action_id: uuid.UUID
    tenant_id: str
    kind: str
    occurred_on: date
    people_met: int
    people_redirected: int
    partner_ids: list[uuid.UUID] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


@dataclass(eq=False)
class PartnerFact(TenantOwned):
    """A structure of the tenant's network, to name the partners actions involve."""

    partner_id: uuid.UUID
    tenant_id: str
    name: str


@dataclass(eq=False)
class ReferralFact(TenantOwned):
    """A referral received by the tenant (submitted to it, or transferred to it) and its decision."""

    referral_id: uuid.UUID
    tenant_id: str
    source: str
    reasons: list[str]
    difficulties: list[str]
    received_on: date
    transferred_in: bool = False
    decision: str | None = None  # accepted | declined | transferred
    decided_on: date | None = None


@dataclass(frozen=True)
class Period:
    """`[start, end)` in Europe/Paris dates."""

    start: date
    end: date

    @classmethod
    def month(cls, first_day: date) -> Period:
        """The calendar month that starts on `first_day`."""
        return cls(first_day, date(first_day.year + first_day.month // 12, first_day.month % 12 + 1, 1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def previous(self) -> Period:
        """The period just before, as long: whole months give whole months (a year, the year before)."""
        if self.start.day == 1 and self.end.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            index = self.start.year * 12 + self.start.month - 1 - months
            return Period(date(index // 12, index % 12 + 1, 1), self.start)
        return Period(self.start - (self.end - self.start), self.start)
