"""The mediator's pages of the cases service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import MediatorPage, render
from cases.service_layer import queries

router = APIRouter(include_in_schema=False)


@router.get("/accompagnements")
async def caseload(request: Request, principal: MediatorPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        rows, _total = await queries.caseload(uow=uow, where=queries.CaseloadFilter(), limit=200, offset=0)
        cases = [case for case, _last in rows]
    return render(request, "accompagnements.html", cases=cases)
