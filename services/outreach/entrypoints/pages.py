"""The mediator's pages of the outreach service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import MediatorPage, render
from outreach.service_layer import handlers

router = APIRouter(include_in_schema=False)
KINDS = {"street_outreach": "Maraude", "home_visit": "Visite à domicile", "drop_in": "Permanence",
         "collective_action": "Action collective", "event": "Événement", "partner_meeting": "Réunion partenaires",
         "training": "Formation"}


@router.get("/aller-vers")
async def actions(request: Request, principal: MediatorPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        recorded = await handlers.list_actions(uow=uow, limit=200, offset=0)
    return render(request, "actions.html", actions=recorded, kinds=KINDS)
