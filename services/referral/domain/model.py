"""Referrals and their lifecycle. Plain Python: no framework here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from passerelle.errors import InvalidTransition
from passerelle.tenancy import TenantOwned


class ReferralStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"


@dataclass(eq=False)
class Referral(TenantOwned):
    """A "fiche d'orientation": a person referred to the tenant's mediators, with their consent."""

    id: uuid.UUID
    tenant_id: str
    source: str
    referrer: dict | None
    submitted_by: str
    last_name: str
    first_name: str
    birth_date: date
    phone: str | None
    address: str | None
    postal_code: str
    commune: str | None
    reasons: list[str]
    reason_other: str | None
    difficulties: list[str]
    difficulty_other: str | None
    observations: str | None
    consent_recorded_by: str
    consent_method: str
    consent_recorded_at: datetime
    submitted_at: datetime
    beneficiary_pid: uuid.UUID = field(default_factory=uuid.uuid4)
    status: str = ReferralStatus.SUBMITTED
    decided_at: datetime | None = None
    decided_by: str | None = None

    def accept(self, *, by: str, at: datetime) -> None:
        if self.status != ReferralStatus.SUBMITTED:
            raise InvalidTransition(f"a referral that is {self.status} cannot be accepted", current_state=self.status)
        self.status, self.decided_by, self.decided_at = ReferralStatus.ACCEPTED, by, at


@dataclass(eq=False)
class Tenant:
    """A tenant as announced to the platform: its slug, name and territory (postal codes)."""

    id: str
    name: str
    postal_codes: list[str]
