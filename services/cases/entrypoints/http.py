"""The cases API: the tenant's cases and their timeline."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from passerelle.http.deps import DatabaseDep, Mediator
from cases.entrypoints.schemas import ActivityIn, ActivityOut, CaseOut
from cases.service_layer import handlers

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("", response_model=list[CaseOut])
async def list_cases(
    principal: Mediator, db: DatabaseDep, referral_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0)] = 0,
):
    """The tenant's cases, newest first; `referral_id` finds the case opened from a referral."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.list_cases(uow=uow, referral_id=referral_id, limit=limit, offset=offset)


@router.get("/{case_id}", response_model=CaseOut)
async def get_case(case_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.get_case(uow=uow, case_id=case_id)


@router.post("/{case_id}/activities", status_code=status.HTTP_201_CREATED, response_model=ActivityOut)
async def record_activity(case_id: uuid.UUID, body: ActivityIn, principal: Mediator, db: DatabaseDep):
    """Record an activity (appointment, procedure, accompaniment, orientation…) on the case's timeline."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.record_activity(uow=uow, case_id=case_id, by=principal, fields=body.model_dump())
