"""The outreach API: actions, series, redirections, the calendar and the partner directory."""

from __future__ import annotations

import uuid
from calendar import monthrange
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from outreach.entrypoints.recording import plan_once, record_once, register_once
from outreach.entrypoints.schemas import (
    ActionIn,
    ActionOut,
    ActionPage,
    OccurrenceIn,
    PartnerIn,
    PartnerOut,
    RedirectionIn,
    SeriesIn,
)
from outreach.service_layer import actions, partners
from passerelle.errors import InvalidInput
from passerelle.http.deps import DatabaseDep, Mediator
from passerelle.http.idempotency import IdempotencyKey
from passerelle.http.pagination import Pagination, paged

router = APIRouter(prefix="/actions", tags=["outreach actions"])
planning = APIRouter(tags=["planning"])
directory = APIRouter(prefix="/partners", tags=["partner directory"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ActionOut)
async def record_action(body: ActionIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None):
    """Record an action that happened, with its anonymous head counts. With an `Idempotency-Key`, a
    repeated request records nothing more and answers the first action."""
    return await record_once(db, by=principal, fields=body.model_dump(), key=key)


@router.get("", response_model=ActionPage)
async def list_actions(
    principal: Mediator,
    db: DatabaseDep,
    paging: Annotated[Pagination, paged(500)],
    kind: str | None = None,
    theme: str | None = None,
    commune: str | None = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to", description="included")] = None,
    partner_id: uuid.UUID | None = None,
    status: str | None = None,
):
    """The tenant's actions, latest first, filtered by kind, theme, place, period, partner or status."""
    where = actions.ActionFilter(
        kind=kind, theme=theme, commune=commune, start=start, end=end, partner_id=partner_id, status=status
    )
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        items, total = await actions.list_actions(uow=uow, where=where, limit=paging.limit, offset=paging.offset)
    return ActionPage(items=items, total=total)


@router.get("/{action_id}", response_model=ActionOut)
async def get_action(action_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await actions.get_action(uow=uow, action_id=action_id)


@router.put("/{action_id}", response_model=ActionOut)
async def record_occurrence(action_id: uuid.UUID, body: OccurrenceIn, principal: Mediator, db: DatabaseDep):
    """Record what happened at a planned occurrence, or correct a recorded action."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await actions.record_occurrence(uow=uow, action_id=action_id, fields=body.model_dump())


@router.post("/{action_id}/cancel", response_model=ActionOut)
async def cancel_action(action_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await actions.cancel_action(uow=uow, action_id=action_id)


@router.post("/{action_id}/redirections", response_model=ActionOut)
async def redirect_person(action_id: uuid.UUID, body: RedirectionIn, principal: Mediator, db: DatabaseDep):
    """A person met is being referred or followed; type their identity in the referral or cases form."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await actions.redirect_person(uow=uow, action_id=action_id, channel=body.channel)


@planning.post("/series", status_code=status.HTTP_201_CREATED, response_model=list[ActionOut])
async def plan_series(body: SeriesIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None):
    """Plan a weekly series (a drop-in, a walking group): one occurrence per week, recorded later. With an
    `Idempotency-Key`, a repeated request plans nothing more and answers the first series."""
    return await plan_once(db, by=principal, series=body.model_dump(), key=key)


@planning.get("/calendar", response_model=list[ActionOut])
async def calendar(
    principal: Mediator,
    db: DatabaseDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")],
):
    """Past and planned actions of one month."""
    year, number = map(int, month.split("-"))
    if not 2000 <= year <= 2100:
        raise InvalidInput("month", "a year between 2000 and 2100")
    where = actions.ActionFilter(start=date(year, number, 1), end=date(year, number, monthrange(year, number)[1]))
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        items, _ = await actions.list_actions(uow=uow, where=where, limit=500, offset=0)
    return sorted(items, key=lambda a: a.occurred_on)


@directory.post("", status_code=status.HTTP_201_CREATED, response_model=PartnerOut)
async def register_partner(body: PartnerIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None):
    """Add a structure to the tenant's directory; an `Idempotency-Key` makes a retry add nothing more."""
    return await register_once(db, by=principal, fields=body.model_dump(), key=key)


@directory.put("/{partner_id}", response_model=PartnerOut)
async def update_partner(partner_id: uuid.UUID, body: PartnerIn, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await partners.update_partner(uow=uow, partner_id=partner_id, fields=body.model_dump())


@directory.get("", response_model=list[PartnerOut])
async def list_partners(principal: Mediator, db: DatabaseDep):
    """The tenant's partners with how often each is involved, then partners shared by other tenants."""
    listed = await partners.directory(db=db, tenant=principal.own_tenant)
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        counts = await partners.involvement(uow=uow, partners=[p for p, _ours in listed])
    return [
        PartnerOut.model_validate(p).model_copy(
            update={
                "ours": ours,
                "actions": counts[p.id][0],
                "orientations": counts[p.id][1],
                "contact_point": p.contact_point if ours else None,
            }
        )
        for p, ours in listed
    ]
