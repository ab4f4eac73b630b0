"""The referral API for a tenant's users: submission, the mediator's inbox and triage."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status

from passerelle import registry
from passerelle.auth import Principal, Role
from passerelle.errors import InvalidInput
from passerelle.http.deps import DatabaseDep, KeystoreDep, Mediator, require_roles
from passerelle.http.idempotency import IdempotencyKey
from passerelle.http.pagination import Pagination, paged
from referral.entrypoints.schemas import (
    DecisionIn,
    DeclineIn,
    DuplicateOut,
    InboxItem,
    InboxPage,
    ReceiptIn,
    ReferralDetail,
    ReferralOut,
    ReferralReceipt,
    TeamReferralIn,
    TransferIn,
)
from referral.entrypoints.submission import submit_once
from referral.service_layer import handlers, queries

router = APIRouter(prefix="/referrals", tags=["referrals"])
tenants_router = APIRouter(prefix="/tenants", tags=["tenants"])
Submitter = Annotated[Principal, Depends(require_roles(Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR))]
Operator = Annotated[Principal, Depends(require_roles(Role.OPERATOR))]


def receipt(referral) -> ReferralReceipt:
    return ReferralReceipt(
        id=referral.id,
        tenant=referral.tenant_id,
        status=referral.status,
        tracking_code=referral.tracking_code,
        submitted_at=referral.submitted_at,
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ReferralReceipt)
async def submit_referral(body: TeamReferralIn, principal: Submitter, db: DatabaseDep, key: IdempotencyKey = None):
    """Submit a fiche d'orientation to the caller's tenant. Without the person's consent: 422, nothing stored.
    With an `Idempotency-Key`, a repeated submission stores nothing more and answers the first receipt.
    The team types paper fiches with the day they were received (`received_on`)."""
    if body.received_on is not None and not principal.roles & {Role.MEDIATOR, Role.COORDINATOR}:
        raise InvalidInput("received_on", "a referrer's fiche is received when it is submitted")
    fields = body.domain_fields()
    return receipt(
        await submit_once(db, tenant=principal.own_tenant, submitted_by=principal.subject, fields=fields, key=key)
    )


@router.get("", response_model=InboxPage)
async def list_referrals(
    principal: Mediator,
    db: DatabaseDep,
    paging: Annotated[Pagination, paged(200)],
    status: str | None = None,
    reason: str | None = None,
    difficulty: str | None = None,
    submitted_from: date | None = None,
    submitted_to: date | None = None,
    name: Annotated[str | None, Query(max_length=100, description="part of the last or first name")] = None,
    sort: Literal["submitted_at", "-submitted_at", "last_name", "-last_name"] = "-submitted_at",
):
    """The mediator's inbox: the tenant's referrals, filtered, sorted and paged; likely duplicates flagged."""
    where = queries.InboxFilter(
        status=status,
        reason=reason,
        difficulty=difficulty,
        submitted_from=submitted_from,
        submitted_to=submitted_to,
        name=name,
        sort=sort,
    )
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        items, total = await queries.inbox(uow=uow, where=where, limit=paging.limit, offset=paging.offset)
        duplicated = await queries.duplicate_keys(uow=uow, referrals=items)
    page = [
        InboxItem(**ReferralOut.model_validate(r).model_dump(), possible_duplicate=r.identity_key in duplicated)
        for r in items
    ]
    return InboxPage(items=page, total=total, limit=paging.limit, offset=paging.offset)


@router.get("/{referral_id}", response_model=ReferralDetail)
async def get_referral(referral_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """One referral, with the tenant's other open referrals for the same person (never merged)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        referral = await queries.get_referral(uow=uow, referral_id=referral_id)
        duplicates = await queries.likely_duplicates(uow=uow, referral=referral)
    return ReferralDetail(
        **ReferralOut.model_validate(referral).model_dump(),
        possible_duplicates=[DuplicateOut.model_validate(d) for d in duplicates],
    )


@router.put("/{referral_id}/received-on", response_model=ReferralOut)
async def correct_receipt(referral_id: uuid.UUID, body: ReceiptIn, principal: Mediator, db: DatabaseDep):
    """Correct the day a paper fiche was received (not after its decision): it counts on that day, and so
    does the delay to the first appointment. A fiche sent from the public form is received when sent."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.correct_receipt(uow=uow, referral_id=referral_id, on=body.received_on)


@router.post("/{referral_id}/accept", response_model=ReferralOut)
async def accept_referral(
    referral_id: uuid.UUID,
    principal: Mediator,
    db: DatabaseDep,
    keystore: KeystoreDep,
    body: DecisionIn | None = None,
):
    """Accept the referral, on the day it was decided (today without a body); a case is opened for the
    person in the cases service, that day."""
    on = (body or DecisionIn()).decided_on
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.accept_referral(uow=uow, referral_id=referral_id, by=principal, keystore=keystore, on=on)


@router.post("/{referral_id}/decline", response_model=ReferralOut)
async def decline_referral(referral_id: uuid.UUID, body: DeclineIn, principal: Mediator, db: DatabaseDep):
    """Decline: out of scope, relayed to another service (the DAC…), unreachable, or a duplicate."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.decline_referral(
            uow=uow,
            referral_id=referral_id,
            reason=body.reason,
            note=body.note,
            by=principal,
            on=body.decided_on,
            referrer_message=body.referrer_message,
        )


@router.post("/{referral_id}/transfer", response_model=ReferralOut)
async def transfer_referral(referral_id: uuid.UUID, body: TransferIn, principal: Mediator, db: DatabaseDep):
    """Transfer to another tenant (the person moved): it arrives whole there; a tombstone stays here."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.transfer_referral(
            uow=uow, referral_id=referral_id, to_tenant=body.to_tenant, by=principal
        )


@router.post("/{referral_id}/withdraw-consent", response_model=ReferralOut)
async def withdraw_consent(referral_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """The person withdrew consent: personal data is erased, and the event says so."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await handlers.withdraw_consent(uow=uow, referral_id=referral_id, by=principal)


@tenants_router.get("")
async def list_tenants(_operator: Operator, db: DatabaseDep) -> list[dict]:
    """Tenants announced to the platform, with their territory (for the département's operators)."""
    async with db.unit_of_work(tenant=None) as uow:
        return await registry.list_tenants(uow=uow)
