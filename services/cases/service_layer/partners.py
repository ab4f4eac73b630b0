"""The structures orientations name, from the partner directory (cases.domain.partners): its copy kept
from the outreach service's events, the choice offered while typing, a structure added from an
orientation, and the names orientations gave before, proposed for a coordinator to match
(cases.service_layer.timeline.match_partner_name)."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from cases.adapters.orm import activities, directory_partners
from cases.domain.model import Activity
from cases.domain.partners import DIRECTORY_TYPE, DirectoryPartner, closest, name_key
from passerelle.contracts.events import CasePartnerAdded, PartnerRegistered
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput

SHARED = "the département's shared partner directory"
NOT_USABLE = "not a partner of this structure nor a shared one"
NOT_IN_DIRECTORY = "not in the partner directory"


async def partner_known(payload: PartnerRegistered, _envelope, uow: UnitOfWork) -> None:
    """partner.registered and partner.updated: the directory's copy follows (only what names a structure)."""
    values = {
        "id": payload.partner_id,
        "tenant_id": uow.own_tenant,
        "name": payload.name,
        "key": name_key(payload.name),
        "type": payload.type,
        "commune": payload.commune,
        "active": payload.active,
        "shared": payload.shared,
    }
    await uow.session.execute(
        insert(directory_partners).values(values).on_conflict_do_update(index_elements=["id"], set_=values)
    )


async def choices(uow: UnitOfWork, typed: str = "", *, limit: int = 8) -> list[DirectoryPartner]:
    """The partners an orientation may name whose name contains what was typed (accents, case and small
    words aside), the tenant's own first, then those other tenants share; then, for a typo, names alike."""
    key = name_key(typed)
    wanted = [DirectoryPartner.key.contains(key, autoescape=True)] if key else []
    found = (await _own(uow, *wanted, limit=limit)) + await _shared(uow, *wanted, limit=limit)
    if key and len(found) < limit:
        seen = {p.id for p in found}
        found += [p for p in closest(typed, await _own(uow) + await _shared(uow), limit=limit) if p.id not in seen]
    return found[:limit]


async def orientation_partner(uow: UnitOfWork, fields: dict) -> dict:
    """An orientation's fields naming its structure from the directory: the partner chosen (`partner_id`),
    or the one the name is (its key), or, unless `new_partner` is false, a structure added to the tenant's
    directory under that name. Other kinds of activity pass unchanged."""
    add_new = fields.get("new_partner", True)
    fields = {name: value for name, value in fields.items() if name != "new_partner"}  # an instruction, not kept
    if fields.get("kind") != "orientation":
        return fields
    if fields.get("partner_id"):
        partner = await usable_by_id(uow, fields["partner_id"])
    else:
        named = await usable(uow, DirectoryPartner.key == name_key(fields["partner_name"]))
        if named is None and not add_new:
            raise InvalidInput("partner_name", NOT_IN_DIRECTORY)
        partner = named or add_partner(uow, name=fields["partner_name"], type=DIRECTORY_TYPE[fields["partner_type"]])
    return {**fields, "partner_id": str(partner.id), "partner_name": partner.name}


def add_partner(uow: UnitOfWork, *, name: str, type: str) -> DirectoryPartner:
    """A structure the directory did not have, added to the tenant's: here at once, in the outreach
    service's directory when it reads the event."""
    partner = DirectoryPartner(id=uuid.uuid4(), tenant_id=uow.own_tenant, name=name, key=name_key(name), type=type)
    uow.session.add(partner)
    uow.emit(CasePartnerAdded(partner_id=partner.id, name=name, type=type), subject=partner.id)
    return partner


async def unmatched_names(uow: UnitOfWork) -> list[tuple[str, int, list[DirectoryPartner]]]:
    """The names orientations gave before they named the directory's structures: each with how many
    orientations gave it and the partners it probably is, best first."""
    names = Counter(a.details["partner_name"] for a in await unmatched_orientations(uow))
    directory = await _own(uow) + await _shared(uow)
    return [(name, count, closest(name, directory)) for name, count in sorted(names.items())]


async def unmatched_orientations(uow: UnitOfWork) -> list[Activity]:
    """The orientations that gave a name only: recorded before they named the directory's structures."""
    return list(
        await uow.session.scalars(
            select(Activity).where(
                Activity.kind == "orientation",
                Activity.deleted_at.is_(None),
                ~activities.c.details.has_key("partner_id"),
            )
        )
    )


async def usable_by_id(uow: UnitOfWork, partner_id: uuid.UUID) -> DirectoryPartner:
    """The directory's structure with this id, if an orientation of the tenant may name it; 422 otherwise."""
    partner = await usable(uow, DirectoryPartner.id == partner_id)
    if partner is None:
        raise InvalidInput("partner_id", NOT_USABLE)
    return partner


async def usable(uow: UnitOfWork, *criteria) -> DirectoryPartner | None:
    found = await _own(uow, *criteria, limit=1) or await _shared(uow, *criteria, limit=1)
    return found[0] if found else None


async def _own(uow: UnitOfWork, *criteria, limit: int | None = None) -> list[DirectoryPartner]:
    """In the tenant's own unit of work: a structure added by this one is already there."""
    query = select(DirectoryPartner).where(DirectoryPartner.active.is_(True), *criteria)
    return list(await uow.session.scalars(query.order_by(DirectoryPartner.name).limit(limit)))


async def _shared(uow: UnitOfWork, *criteria, limit: int | None = None) -> list[DirectoryPartner]:
    async with uow.db.unit_of_work(tenant=None, cross_tenant_reason=SHARED) as lookup:
        query = select(DirectoryPartner).where(
            DirectoryPartner.active.is_(True),
            DirectoryPartner.shared.is_(True),
            DirectoryPartner.tenant_id != uow.own_tenant,
            *criteria,
        )
        found = list(await lookup.session.scalars(query.order_by(DirectoryPartner.name).limit(limit)))
        lookup.session.expunge_all()
    return found
