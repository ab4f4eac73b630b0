"""Outreach actions. Plain Python: no framework here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from passerelle.tenancy import TenantOwned


@dataclass(eq=False)
class OutreachAction(TenantOwned):
    """A maraude, drop-in, collective action, event or meeting, with anonymous head counts."""

    id: uuid.UUID
    tenant_id: str
    kind: str
    occurred_on: date
    people_met: int
    people_redirected: int
    recorded_by: str
    recorded_at: datetime
    commune: str | None = None
    notes: str | None = None
