"""The cases API: the structures orientations name, from the partner directory, and the names orientations
gave before it, matched by a coordinator."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from cases.domain.partners import DirectoryPartner
from cases.entrypoints.schemas import DirectoryPartnerOut, MatchIn, UnmatchedNameOut
from cases.service_layer import partners, timeline
from passerelle.http.deps import Coordinator, DatabaseDep, Mediator

router = APIRouter(prefix="/orientation-partners", tags=["orientation partners"])


@router.get("", response_model=list[DirectoryPartnerOut])
async def search(principal: Mediator, db: DatabaseDep, q: Annotated[str, Query(max_length=200)] = ""):
    """The directory's structures whose name contains `q` (accents and case aside): the tenant's own first,
    then those other tenants share. An orientation names one by its `partner_id`."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return [described(p, principal.own_tenant) for p in await partners.choices(uow, q)]


@router.get("/unmatched", response_model=list[UnmatchedNameOut])
async def unmatched(principal: Coordinator, db: DatabaseDep):
    """The names orientations recorded before the directory gave, each with the partners it probably is."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        found = await partners.unmatched_names(uow)
    return [
        {"name": name, "orientations": count, "proposals": [described(p, principal.own_tenant) for p in proposals]}
        for name, count, proposals in found
    ]


@router.post("/unmatched/match")
async def match(body: MatchIn, principal: Coordinator, db: DatabaseDep) -> dict[str, int]:
    """Every orientation that gave this name names this partner (or a structure added to the directory):
    a correction of each, in its history, that reporting follows."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        count = await timeline.match_partner_name(
            uow=uow, name=body.name, by=principal.subject, partner_id=body.partner_id, new_type=body.new_type
        )
    return {"matched": count}


def described(partner: DirectoryPartner, tenant: str) -> dict:
    """What a tenant reads of a structure: never whose it is when it is another's."""
    return {
        "id": partner.id,
        "name": partner.name,
        "type": partner.type,
        "commune": partner.commune,
        "ours": partner.tenant_id == tenant,
    }
