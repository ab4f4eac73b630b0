"""Retention, for coordinators: the tenant's policy, the files anonymised within 30 days, keeping one
longer with the reason, and the daily passes (cases.service_layer.retention)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from cases.domain.retention import LONGEST_MONTHS, NOTICE_DAYS, SHORTEST_MONTHS
from cases.entrypoints.schemas import ExtensionOut
from cases.service_layer import retention
from passerelle import clock
from passerelle.http.deps import Coordinator, DatabaseDep

router = APIRouter(prefix="/retention", tags=["retention"])


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    identity_months: Annotated[int, Field(ge=SHORTEST_MONTHS, le=LONGEST_MONTHS)]


class ExtensionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    until: date
    reason: Annotated[str, Field(min_length=3, max_length=500)]


class UpcomingOut(BaseModel):
    case_id: uuid.UUID
    last_name: str | None
    first_name: str | None
    last_contact_on: date
    anonymised_on: date
    extended_until: date | None
    extension_reason: str | None


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    ran_on: date
    started_at: datetime
    anonymised: int


class RetentionOut(BaseModel):
    identity_months: int
    notice_days: int
    upcoming: list[UpcomingOut]
    runs: list[RunOut]


@router.get("", response_model=RetentionOut)
async def retention_overview(principal: Coordinator, db: DatabaseDep):
    """The policy, the files anonymised within the notice (or overdue), the last passes."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        coming = await retention.upcoming(uow=uow, today=clock.today())
        runs = await retention.recent_runs(uow=uow)
        return RetentionOut(
            identity_months=await retention.policy_months(uow),
            notice_days=NOTICE_DAYS,
            upcoming=[
                UpcomingOut(
                    case_id=u.case.id,
                    last_name=u.case.last_name,
                    first_name=u.case.first_name,
                    last_contact_on=u.last_contact_on,
                    anonymised_on=u.anonymised_on,
                    extended_until=u.extended.until if u.extended else None,
                    extension_reason=u.extended.reason if u.extended else None,
                )
                for u in coming
            ],
            runs=[RunOut.model_validate(r) for r in runs],
        )


@router.put("/policy", response_model=PolicyIn)
async def set_retention_policy(body: PolicyIn, principal: Coordinator, db: DatabaseDep):
    """How long identities are kept after the last contact, in months (6 to 24; the CNIL's reference: 24)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        policy = await retention.set_policy(uow=uow, months=body.identity_months, by=principal.subject)
    return PolicyIn(identity_months=policy.identity_months)


@router.post("/cases/{case_id}/extend", response_model=ExtensionOut)
async def extend_retention(case_id: uuid.UUID, body: ExtensionIn, principal: Coordinator, db: DatabaseDep):
    """Keep a file longer (at most a year from today), with the reason: the person came back, a procedure."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        kept = await retention.extend(
            uow=uow, case_id=case_id, until=body.until, reason=body.reason, by=principal.subject
        )
    return ExtensionOut.model_validate(kept)
