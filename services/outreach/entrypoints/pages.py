"""The mediator's pages of the outreach service."""

from __future__ import annotations

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import MediatorPage, render
from outreach.service_layer import actions as action_use_cases

router = APIRouter(include_in_schema=False)
KINDS = {"street_outreach": "Maraude", "home_visit": "Visite à domicile", "drop_in": "Permanence",
         "collective_action": "Action collective", "event": "Événement", "partner_meeting": "Réunion partenaires",
         "training": "Formation"}


@router.get("/aller-vers")
async def actions(request: Request, principal: MediatorPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        recorded, _total = await action_use_cases.list_actions(uow=uow, where=action_use_cases.ActionFilter(),
                                                               limit=200, offset=0)
    return render(request, "actions.html", actions=recorded, kinds=KINDS)
