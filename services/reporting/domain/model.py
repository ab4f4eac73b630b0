"""Facts projected from events: one row per counted thing, named by ids and pseudonyms only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

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
    activity_id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: str
    occurred_on: date


@dataclass(eq=False)
class OutreachActionFact(TenantOwned):
    action_id: uuid.UUID
    tenant_id: str
    kind: str
    occurred_on: date
    people_met: int
    people_redirected: int


@dataclass(frozen=True)
class Period:
    """`[start, end)` in Europe/Paris dates."""

    start: date
    end: date
