"""The outreach API: "aller-vers" actions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from passerelle.http.deps import DatabaseDep, Mediator
from outreach.entrypoints.schemas import ActionIn, ActionOut
from outreach.service_layer import handlers

router = APIRouter(prefix="/actions", tags=["outreach actions"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ActionOut)
async def record_action(body: ActionIn, principal: Mediator, db: DatabaseDep):
    """Record an outreach action with its anonymous head counts."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.record_action(uow=uow, by=principal, fields=body.model_dump())


@router.get("", response_model=list[ActionOut])
async def list_actions(principal: Mediator, db: DatabaseDep,
                       limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0)] = 0):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.list_actions(uow=uow, limit=limit, offset=offset)


@router.get("/{action_id}", response_model=ActionOut)
async def get_action(action_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.get_action(uow=uow, action_id=action_id)
