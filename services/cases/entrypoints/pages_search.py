"""« Rechercher une personne »: one box for a name, a birth date or a phone, across the tenant's case
files (here) and its referrals (the referral service's part of the page, loaded beside them)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from cases.entrypoints import labels
from cases.service_layer import queries
from passerelle.http.deps import DatabaseDep
from passerelle.people import PersonQuery
from passerelle.web import team
from passerelle.web.pages import MediatorPage, render

router = APIRouter(prefix="/recherche", include_in_schema=False)


@router.get("")
async def search(request: Request, principal: MediatorPage, db: DatabaseDep, q: str = ""):
    query = PersonQuery.parse(q)
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        found = await queries.find_people(uow=uow, query=query)
    people = await team.roster(db, principal.tenant)
    return render(request, "recherche.html", typed=q[:200], query=query, cases=found, labels=labels, people=people)
