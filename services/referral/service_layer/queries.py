"""Reading referrals: the mediator's inbox, likely duplicates, the referrer's tracking, routing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from passerelle.clock import PARIS
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput, NotFound
from passerelle.people import PersonQuery
from passerelle.registry import tenants
from referral.domain.model import Referral, ReferralStatus

# still in the mediators' hands: to triage, or accepted with its case still open
OPEN = and_(Referral.status.in_((ReferralStatus.SUBMITTED, ReferralStatus.ACCEPTED)), Referral.case_closed.is_(False))
SORTS = {
    "submitted_at": Referral.submitted_at.asc(),
    "-submitted_at": Referral.submitted_at.desc(),
    "last_name": Referral.last_name.asc(),
    "-last_name": Referral.last_name.desc(),
}


@dataclass(frozen=True)
class InboxFilter:
    status: str | None = None
    reason: str | None = None
    difficulty: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    name: str | None = None
    sort: str = "-submitted_at"


async def get_referral(*, uow: UnitOfWork, referral_id: uuid.UUID) -> Referral:
    return await uow.get(Referral, referral_id, what="referral")


async def inbox(*, uow: UnitOfWork, where: InboxFilter, limit: int, offset: int) -> tuple[list[Referral], int]:
    """One page of the tenant's referrals matching the filter, and how many match in all."""
    query = select(Referral)
    if where.status:
        query = query.where(Referral.status == where.status)
    if where.reason:
        query = query.where(Referral.reasons.any(where.reason))
    if where.difficulty:
        query = query.where(Referral.difficulties.any(where.difficulty))
    if where.submitted_from:
        query = query.where(func.date(func.timezone(PARIS.key, Referral.submitted_at)) >= where.submitted_from)
    if where.submitted_to:
        query = query.where(func.date(func.timezone(PARIS.key, Referral.submitted_at)) <= where.submitted_to)
    if where.name:
        pattern = f"%{where.name.strip()}%"
        query = query.where(or_(Referral.last_name.ilike(pattern), Referral.first_name.ilike(pattern)))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.order_by(SORTS[where.sort], Referral.id).limit(limit).offset(offset)
    return list(await uow.session.scalars(page)), total or 0


async def duplicate_keys(*, uow: UnitOfWork, referrals: list[Referral]) -> set[str]:
    """Identity keys among `referrals` shared with another open referral of the tenant."""
    keys = {r.identity_key for r in referrals if r.identity_key}
    if not keys:
        return set()
    rows = await uow.session.execute(
        select(Referral.identity_key)
        .where(Referral.identity_key.in_(keys), OPEN)
        .group_by(Referral.identity_key)
        .having(func.count() > 1)
    )
    return {row[0] for row in rows}


async def likely_duplicates(*, uow: UnitOfWork, referral: Referral) -> list[Referral]:
    """Other open referrals of the tenant for the same person (same names and birth date)."""
    if not referral.identity_key:
        return []
    query = (
        select(Referral)
        .where(Referral.identity_key == referral.identity_key, Referral.id != referral.id, OPEN)
        .order_by(Referral.submitted_at)
    )
    return list(await uow.session.scalars(query))


async def submitted_by(*, uow: UnitOfWork, subject: str, limit: int = 200) -> list[Referral]:
    """A referrer's own referrals in the tenant, the latest first: their closed loop."""
    query = select(Referral).where(Referral.submitted_by == subject)
    return list(await uow.session.scalars(query.order_by(Referral.submitted_at.desc(), Referral.id).limit(limit)))


async def tracking(*, uow: UnitOfWork, code: str) -> Referral:
    """The referral behind a tracking code, whatever its tenant (the unit of work says why it may look)."""
    referral = await uow.session.scalar(select(Referral).where(Referral.tracking_code == code))
    if referral is None:
        raise NotFound("tracking code")
    return referral


async def route_by_postal_code(*, uow: UnitOfWork, postal_code: str) -> str:
    """The one tenant whose territory covers the postal code; 422 naming the candidates otherwise."""
    rows = await uow.session.execute(
        select(tenants.c.id).where(tenants.c.postal_codes.any(postal_code)).order_by(tenants.c.id)
    )
    candidates = [row[0] for row in rows]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InvalidInput("beneficiary.postal_code", f"no tenant of the département covers postal code {postal_code}")
    raise InvalidInput(
        "beneficiary.postal_code",
        f"postal code {postal_code} is covered by several tenants: {', '.join(candidates)}; "
        "send the referral to one of them",
    )


async def find_people(*, uow: UnitOfWork, query: PersonQuery, limit: int = 20) -> list[Referral]:
    """The tenant's referrals of the person typed (passerelle.people), the likeliest first, then the latest."""
    if not query:
        return []
    where, alike = query.matching(Referral)
    found = select(Referral).where(where).order_by(alike.desc(), Referral.submitted_at.desc()).limit(limit)
    return list(await uow.session.scalars(found))


async def waiting_for_triage(*, uow: UnitOfWork) -> int:
    """The tenant's referrals received and not yet accepted, declined or transferred."""
    query = select(func.count()).select_from(Referral).where(Referral.status == ReferralStatus.SUBMITTED)
    return int(await uow.session.scalar(query) or 0)
