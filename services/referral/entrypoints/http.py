"""The referral API: submission, the mediator's inbox and triage, the tenant registry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from passerelle.auth import Principal, Role
from passerelle.http.deps import DatabaseDep, Mediator, require_roles
from referral.entrypoints.schemas import ReferralIn, ReferralOut, ReferralReceipt
from referral.service_layer import handlers

router = APIRouter(prefix="/referrals", tags=["referrals"])
tenants_router = APIRouter(prefix="/tenants", tags=["tenants"])
Submitter = Annotated[Principal, Depends(require_roles(Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR))]
Operator = Annotated[Principal, Depends(require_roles(Role.OPERATOR))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ReferralReceipt)
async def submit_referral(body: ReferralIn, principal: Submitter, db: DatabaseDep):
    """Submit a fiche d'orientation to the caller's tenant. Without the person's consent: 422, nothing stored."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.submit_referral(uow=uow, submitted_by=principal, fields=body.domain_fields())


@router.get("", response_model=list[ReferralOut])
async def list_referrals(
    principal: Mediator, db: DatabaseDep, status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0)] = 0,
):
    """The tenant's referrals, newest first."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.list_referrals(uow=uow, status=status, limit=limit, offset=offset)


@router.get("/{referral_id}", response_model=ReferralOut)
async def get_referral(referral_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.get_referral(uow=uow, referral_id=referral_id)


@router.post("/{referral_id}/accept", response_model=ReferralOut)
async def accept_referral(referral_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """Accept the referral; a case is opened for the person in the cases service."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.accept_referral(uow=uow, referral_id=referral_id, by=principal)


@tenants_router.get("")
async def list_tenants(_operator: Operator, db: DatabaseDep) -> list[dict]:
    """Tenants announced to the platform, with their territory (for the département's operators)."""
    async with db.unit_of_work(tenant=None) as uow:
        return await handlers.list_tenants(uow=uow)
