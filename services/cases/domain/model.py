"""Cases and their activities. Plain Python: no framework here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from passerelle.errors import InvalidTransition
from passerelle.tenancy import TenantOwned


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(eq=False)
class Activity(TenantOwned):
    """One entry of a case's timeline, counted on the day it happened (`occurred_on`)."""

    id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    kind: str
    occurred_on: date
    author: str
    recorded_at: datetime
    duration_minutes: int | None = None
    comment: str | None = None


@dataclass(eq=False)
class Case(TenantOwned):
    """The follow-up of one beneficiary, named by a pseudonymous id outside this service."""

    id: uuid.UUID
    tenant_id: str
    beneficiary_pid: uuid.UUID
    opened_on: date
    opened_at: datetime
    referral_id: uuid.UUID | None = None
    referral_submitted_at: datetime | None = None
    status: str = CaseStatus.OPEN
    activities: list[Activity] = field(default_factory=list)

    def record_activity(self, activity: Activity) -> None:
        if self.status != CaseStatus.OPEN:
            raise InvalidTransition("activities are recorded on open cases only", current_state=self.status)
        self.activities.append(activity)
