"""The referrals part of « Rechercher une personne » (the page is the cases service's): the tenant's
referrals of the person typed, with their status and the likely duplicates flagged as at intake."""

from __future__ import annotations

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.people import PersonQuery
from passerelle.web.pages import MediatorPage, render
from referral.entrypoints import labels
from referral.service_layer import queries

router = APIRouter(prefix="/recherche", include_in_schema=False)


@router.get("")
async def search(request: Request, principal: MediatorPage, db: DatabaseDep, q: str = ""):
    """Only the list when the search page asks for it (htmx), else a page of its own (without JavaScript)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        found = await queries.find_people(uow=uow, query=PersonQuery.parse(q))
        duplicated = await queries.duplicate_keys(uow=uow, referrals=found)
    template = "recherche_orientations.html" if request.headers.get("HX-Request") else "recherche.html"
    return render(request, template, typed=q[:200], referrals=found, duplicated=duplicated, labels=labels)
