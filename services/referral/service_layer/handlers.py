"""Use cases of the referral service. Each runs in one unit of work and emits its events there."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from passerelle.auth import Principal
from passerelle.contracts.events import ReferralAccepted, ReferralSubmitted, TenantRegistered
from passerelle.db import UnitOfWork
from passerelle.errors import NotFound
from referral.adapters.orm import tenants
from referral.domain.model import Referral


async def submit_referral(*, uow: UnitOfWork, submitted_by: Principal, fields: dict) -> Referral:
    """Record a consented referral for the caller's tenant and announce it."""
    referral = Referral(id=uuid.uuid4(), tenant_id=uow.tenant, submitted_by=submitted_by.subject,
                        submitted_at=datetime.now(UTC), **fields)
    uow.session.add(referral)
    uow.emit(ReferralSubmitted(
        referral_id=referral.id, beneficiary_pid=referral.beneficiary_pid, source=referral.source,
        reasons=tuple(referral.reasons), submitted_at=referral.submitted_at,
    ), subject=referral.id)
    await uow.commit()
    return referral


async def get_referral(*, uow: UnitOfWork, referral_id: uuid.UUID) -> Referral:
    referral = await uow.session.get(Referral, referral_id)
    # session.get may answer from the identity map, which the tenant criteria does not filter
    if referral is None or referral.tenant_id != uow.tenant:
        raise NotFound("referral")
    return referral


async def list_referrals(*, uow: UnitOfWork, status: str | None, limit: int, offset: int) -> list[Referral]:
    query = select(Referral).order_by(Referral.submitted_at.desc()).limit(limit).offset(offset)
    if status:
        query = query.where(Referral.status == status)
    return list(await uow.session.scalars(query))


async def accept_referral(*, uow: UnitOfWork, referral_id: uuid.UUID, by: Principal) -> Referral:
    """Accept a submitted referral: the cases service opens a case from the event."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    referral.accept(by=by.subject, at=datetime.now(UTC))
    uow.emit(ReferralAccepted(
        referral_id=referral.id, beneficiary_pid=referral.beneficiary_pid, submitted_at=referral.submitted_at,
        accepted_at=referral.decided_at, accepted_by=referral.decided_by,
    ), subject=referral.id)
    await uow.commit()
    return referral


async def record_tenant(payload: TenantRegistered, _envelope, uow: UnitOfWork) -> None:
    """Keep the tenant registry (and its territory) as announced; a later announcement wins."""
    values = {"id": payload.tenant_id, "name": payload.name, "postal_codes": list(payload.postal_codes)}
    await uow.session.execute(
        insert(tenants).values(values).on_conflict_do_update(index_elements=["id"], set_=values)
    )


async def list_tenants(*, uow: UnitOfWork) -> list[dict]:
    rows = await uow.session.execute(select(tenants).order_by(tenants.c.id))
    return [dict(r._mapping) for r in rows]
