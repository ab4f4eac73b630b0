"""The partner directory ("cartographier les partenaires"): structures, sharing with the
département, and how often each is involved in actions and in orientations."""

from __future__ import annotations

import uuid

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert

from outreach.adapters.orm import partner_orientations
from outreach.domain.model import ActionStatus, OutreachAction, Partner, PartnerOrientation
from passerelle.contracts.events import (
    CaseActivityDeleted,
    CaseActivityRecorded,
    CasePartnerAdded,
    PartnerRegistered,
    PartnerUpdated,
)
from passerelle.db import Database, UnitOfWork
from passerelle.errors import InvalidInput

SHARED = "the département's shared partner directory"


async def register_partner(*, uow: UnitOfWork, fields: dict, partner_id: uuid.UUID | None = None) -> Partner:
    """`partner_id`: the one its idempotency key names (passerelle.http.idempotency), else a new one."""
    partner = add_partner(uow, fields=fields, partner_id=partner_id)
    await uow.commit()
    return partner


def add_partner(uow: UnitOfWork, *, fields: dict, partner_id: uuid.UUID | None) -> Partner:
    partner = Partner(id=partner_id or uuid.uuid4(), tenant_id=uow.tenant, **fields)
    uow.session.add(partner)
    uow.emit(PartnerRegistered(**partner_event(partner)), subject=partner.id)
    return partner


async def update_partner(*, uow: UnitOfWork, partner_id: uuid.UUID, fields: dict) -> Partner:
    """Change a partner the tenant owns (a shared partner of another tenant is theirs to change)."""
    partner = await uow.get(Partner, partner_id, what="partner")
    for name, value in fields.items():
        setattr(partner, name, value)
    uow.emit(PartnerUpdated(**partner_event(partner)), subject=partner.id)
    await uow.commit()
    return partner


async def require_usable_partners(*, uow: UnitOfWork, partner_ids) -> None:
    """422 unless each partner is the tenant's own or shared by another tenant: another tenant's private
    partner would count in its "partners involved" and tell it what the tenant does."""
    wanted = set(partner_ids or ())
    if not wanted:
        return
    async with uow.db.unit_of_work(tenant=None, cross_tenant_reason=SHARED) as lookup:
        usable = set(
            await lookup.session.scalars(
                select(Partner.id).where(
                    Partner.id.in_(wanted), or_(Partner.tenant_id == uow.tenant, Partner.shared.is_(True))
                )
            )
        )
    if unknown := wanted - usable:
        raise InvalidInput(
            "partner_ids", f"not a partner of this structure nor a shared one: {sorted(map(str, unknown))}"
        )


async def directory(*, db: Database, tenant: str) -> list[tuple[Partner, bool]]:
    """The tenant's partners, then those other tenants share: (partner, is it ours)."""
    async with db.unit_of_work(tenant=tenant) as uow:
        own = list(await uow.session.scalars(select(Partner).order_by(Partner.name)))
    async with db.unit_of_work(tenant=None, cross_tenant_reason=SHARED) as shared_uow:
        shared = await shared_uow.session.scalars(
            select(Partner).where(Partner.shared.is_(True), Partner.tenant_id != tenant).order_by(Partner.name)
        )
        # only the structure is shared: never the owner's contact point or anything else it holds
        others = [
            Partner(
                id=p.id,
                tenant_id=p.tenant_id,
                name=p.name,
                type=p.type,
                sector=p.sector,
                commune=p.commune,
                active=p.active,
                shared=True,
            )
            for p in shared
        ]
    return [(p, True) for p in own] + [(p, False) for p in others]


async def involvement(*, uow: UnitOfWork, partners: list[Partner]) -> dict[uuid.UUID, tuple[int, int]]:
    """Per partner: the tenant's recorded actions that involve it, and its orientations to it."""
    partner_id = func.unnest(OutreachAction.partner_ids).label("partner_id")
    involved = select(partner_id).where(OutreachAction.status == ActionStatus.RECORDED).subquery()
    actions: dict[uuid.UUID, int] = dict(
        (await uow.session.execute(select(involved.c.partner_id, func.count()).group_by(involved.c.partner_id))).all()
    )
    by_id = PartnerOrientation.partner_id
    oriented: dict = dict(
        (await uow.session.execute(select(by_id, func.count()).where(by_id.is_not(None)).group_by(by_id))).all()
    )
    name = func.lower(PartnerOrientation.partner_name)  # named before the directory, not matched yet
    named: dict[str, int] = dict(
        (await uow.session.execute(select(name, func.count()).where(by_id.is_(None)).group_by(name))).all()
    )
    return {p.id: (actions.get(p.id, 0), oriented.get(p.id, 0) + named.get(p.name.lower(), 0)) for p in partners}


async def orientation_recorded(payload: CaseActivityRecorded, _envelope, uow: UnitOfWork) -> None:
    """Keep the case's orientations to structures (and their corrections); nothing about the person."""
    if payload.kind != "orientation" or not payload.partner_name:
        return
    values = {
        "activity_id": payload.activity_id,
        "tenant_id": uow.tenant,
        "partner_name": payload.partner_name,
        "occurred_on": payload.occurred_on,
        "partner_id": payload.partner_id,
    }
    await uow.session.execute(
        insert(partner_orientations).values(values).on_conflict_do_update(index_elements=["activity_id"], set_=values)
    )


async def orientation_deleted(payload: CaseActivityDeleted, _envelope, uow: UnitOfWork) -> None:
    if payload.kind == "orientation":
        orientation = await uow.session.get(PartnerOrientation, payload.activity_id)
        if orientation is not None:
            await uow.session.delete(orientation)


async def partner_added(payload: CasePartnerAdded, _envelope, uow: UnitOfWork) -> None:
    """A structure a mediator named in an orientation, or a coordinator while matching: the tenant's
    directory has it under the id the cases service gave (once, however often the event arrives)."""
    if await uow.session.get(Partner, payload.partner_id) is None:
        add_partner(uow, fields={"name": payload.name, "type": payload.type}, partner_id=payload.partner_id)


def partner_event(partner: Partner) -> dict:
    return {
        "partner_id": partner.id,
        "name": partner.name,
        "type": partner.type,
        "sector": partner.sector,
        "commune": partner.commune,
        "active": partner.active,
        "shared": partner.shared,
    }
