"""The structures orientations name: the choice from the partner directory offered while a mediator types
(the orientation form), and « Partenaires des orientations », where a coordinator matches the names that
orientations gave before the directory to its structures (cases.service_layer.partners)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from cases.domain.partners import name_key
from cases.service_layer import partners, timeline
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput
from passerelle.http.deps import DatabaseDep
from passerelle.web.forms import flat
from passerelle.web.pages import CoordinatorPage, MediatorPage, render
from passerelle.web.vocabulary import DIRECTORY_TYPES

router = APIRouter(prefix="/partenaires", include_in_schema=False)
NEW = "nouveau"  # the choice « Ajouter à l'annuaire »


async def choice_context(uow: UnitOfWork, typed: str, chosen: str = "") -> dict:
    """What the orientation form offers for what was typed: the directory's structures, and adding it when
    none is that name."""
    found = await partners.choices(uow, typed) if typed.strip() else []
    exact = any(p.key == name_key(typed) for p in found)
    return {"choices": found, "typed": typed.strip(), "offer_new": bool(typed.strip()) and not exact, "chosen": chosen}


@router.get("/choix")
async def partner_choices(
    request: Request,
    principal: MediatorPage,
    db: DatabaseDep,
    partner_name: str = "",
    partner_id: str = "",
    zone: Annotated[str, Query(pattern=r"^[a-z0-9-]{0,60}$")] = "orientation-",
):
    """The choice under the « Structure » field of the form whose ids begin with `zone`, refreshed as the
    mediator types (htmx)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        context = await choice_context(uow, partner_name[:200], partner_id)
    return render(request, "partenaires_choix.html", new=NEW, zone=zone, **context)


@router.get("")
async def matching_page(request: Request, principal: CoordinatorPage, db: DatabaseDep, fait: int | None = None):
    return await _page(request, principal, db, matched=fait)


@router.post("/rapprocher")
async def match(request: Request, principal: CoordinatorPage, db: DatabaseDep):
    form = flat(await request.form())
    name, chosen, new_type = str(form.get("name", "")), str(form.get("partner_id", "")), form.get("new_type")
    try:
        partner_id = None if chosen == NEW else uuid.UUID(chosen)
    except ValueError:
        return await _page(request, principal, db, 422, problem="Choisissez une structure de l'annuaire.", failed=name)
    if partner_id is None and new_type not in DIRECTORY_TYPES:
        return await _page(
            request, principal, db, 422, problem="Choisissez le type de la structure à ajouter.", failed=name
        )
    try:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            count = await timeline.match_partner_name(
                uow=uow, name=name, by=principal.subject, partner_id=partner_id, new_type=new_type
            )
    except InvalidInput:
        problem = "Ce partenaire n'est plus dans l'annuaire : choisissez-en un autre, ou ajoutez ce nom."
        return await _page(request, principal, db, 422, problem=problem, failed=name)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/partenaires?fait={count}", status_code=303)


async def _page(request, principal, db, status_code: int = 200, **context):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        unmatched = await partners.unmatched_names(uow)
        directory = await partners.choices(uow, limit=1000)
    return render(
        request,
        "partenaires.html",
        status_code,
        unmatched=unmatched,
        directory=directory,
        types=DIRECTORY_TYPES,
        new=NEW,
        **context,
    )
