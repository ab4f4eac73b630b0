"""The mediator's pages of the cases service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import MediatorPage, render
from cases.service_layer import handlers

router = APIRouter(include_in_schema=False)


@router.get("/accompagnements")
async def caseload(request: Request, principal: MediatorPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        cases = await handlers.list_cases(uow=uow, referral_id=None, limit=200, offset=0)
    return render(request, "accompagnements.html", cases=cases)
