"""The mediator's pages of the outreach service: record an action from a phone during a maraude,
the list and the calendar, the partner directory, and one step from a person met to a referral."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError

from outreach.entrypoints.recording import record_once, register_once
from outreach.entrypoints.schemas import ActionIn, PartnerIn
from outreach.service_layer import actions as use_cases
from outreach.service_layer import partners as directory
from passerelle import clock
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.web import drafts
from passerelle.web.forms import flat
from passerelle.web.french import french_errors
from passerelle.web.pages import STATIC, MediatorPage, render, render_error, wants_html
from passerelle.web.vocabulary import ACTION_KINDS as KINDS
from passerelle.web.vocabulary import ACTION_THEMES as THEMES
from passerelle.web.vocabulary import DIRECTORY_TYPES as PARTNER_TYPES

router = APIRouter(include_in_schema=False)
STATUSES = {"planned": "prévue", "recorded": "réalisée", "cancelled": "annulée"}
LISTS = frozenset({"themes", "partner_ids"})
# The maraude form works without network (static/offline-*.js): its service worker is served under
# /aller-vers/ so that it governs the maraude's pages, and the entries it kept carry their author.
OFFLINE_WORKER = STATIC / "offline-worker.js"
AUTHOR_FIELD = "saisi_par"


@router.get("/aller-vers")
async def actions(
    request: Request,
    principal: MediatorPage,
    db: DatabaseDep,
    type: str = "",
    theme: str = "",
    commune: str = "",
    du: str = "",
    au: str = "",
):
    where = use_cases.ActionFilter(
        kind=type if type in KINDS else None,
        theme=theme if theme in THEMES else None,
        commune=commune[:100] or None,
        start=_day(du),
        end=_day(au),
    )
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        found, total = await use_cases.list_actions(uow=uow, where=where, limit=200, offset=0)
    filters = {"type": type, "theme": theme, "commune": commune, "du": du, "au": au}
    return render(request, "actions.html", actions=found, total=total, filters=filters, **_labels())


@router.get("/aller-vers/nouvelle")
async def new_action(request: Request, principal: MediatorPage, db: DatabaseDep):
    # today is a sensible start; the kind is the mediator's to choose (it is what the figures count)
    return await _form(request, principal, db, values={"occurred_on": clock.today()})


@router.get("/aller-vers/hors-ligne.js")
async def offline_worker():
    return FileResponse(OFFLINE_WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.post("/aller-vers/nouvelle")
async def record_action(request: Request, principal: MediatorPage, db: DatabaseDep):
    """The form sent by the mediator, or sent later by the maraude's queue (offline-queue.js), which asks
    for its answer as JSON: 201 taken, 422 refused with the French reasons, 409 another person's entry."""
    form = await request.form()
    values = {k: v for k, v in flat(form, lists=LISTS).items() if v not in ("", None, [])}
    key = values.pop(idempotency.FORM_FIELD, None)
    author = values.pop(AUTHOR_FIELD, None)
    if author is not None and author != drafts.owner(principal.subject):
        return _another_persons_entry(request)
    try:
        body = ActionIn.model_validate(values)
    except ValidationError as exc:
        errors = french_errors(exc)
        if "formulaire" in errors:  # the head counts' rule concerns two fields: say it next to the second
            errors["people_redirected"] = "Pas plus de personnes réorientées que de personnes rencontrées."
        if not wants_html(request):
            return JSONResponse({"errors": errors}, status_code=422)
        values[idempotency.FORM_FIELD] = key  # the corrected form still records once
        return await _form(request, principal, db, values=values, errors=errors, status_code=422)
    action = await record_once(db, by=principal, fields=body.model_dump(), key=key)
    page = f"{request.scope.get('root_path', '')}/aller-vers/{action.id}"
    if not wants_html(request):
        return JSONResponse({"id": str(action.id), "page": page}, status_code=201)
    return drafts.taken(request, RedirectResponse(f"{page}?fait=1", status_code=303), key)


@router.get("/aller-vers/{action_id}")
async def action_page(request: Request, action_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep, fait: str = ""):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        action = await use_cases.get_action(uow=uow, action_id=action_id)
    return render(request, "action.html", action=action, done=bool(fait), **_labels())


@router.post("/aller-vers/{action_id}/orienter")
async def redirect_person(request: Request, action_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    """One step: announce the redirection, then type the person's identity in the referral's fiche."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        await use_cases.redirect_person(uow=uow, action_id=action_id, channel="referral")
    return RedirectResponse(f"/referral/fiche/{principal.tenant}?source=outreach", status_code=303)


@router.get("/partenaires")
async def partners_page(
    request: Request,
    principal: MediatorPage,
    db: DatabaseDep,
    status_code: int = 200,
    errors: dict | None = None,
    values: dict | None = None,
):
    listed = await directory.directory(db=db, tenant=principal.own_tenant)
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        counts = await directory.involvement(uow=uow, partners=[p for p, _ours in listed])
    return render(
        request,
        "partenaires.html",
        status_code,
        listed=listed,
        counts=counts,
        errors=errors or {},
        values=values or {},
        **_labels(),
    )


@router.post("/partenaires")
async def register_partner(request: Request, principal: MediatorPage, db: DatabaseDep):
    values = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    values["shared"] = values.get("shared") == "oui"
    key = values.pop(idempotency.FORM_FIELD, None)
    try:
        body = PartnerIn.model_validate(values)
    except ValidationError as exc:
        values[idempotency.FORM_FIELD] = key  # the corrected form still registers once
        return await partners_page(request, principal, db, 422, errors=french_errors(exc), values=values)
    await register_once(db, by=principal, fields=body.model_dump(), key=key)
    return drafts.taken(
        request, RedirectResponse(f"{request.scope.get('root_path', '')}/partenaires", status_code=303), key
    )


async def _form(request, principal, db, *, values: dict, errors: dict | None = None, status_code: int = 200):
    usable = [p for p, _ours in await directory.directory(db=db, tenant=principal.own_tenant) if p.active]
    partners = {str(p.id): p.name for p in usable}
    return render(
        request,
        "action_nouvelle.html",
        status_code,
        values=values,
        errors=errors or {},
        partners=partners,
        today=clock.today().isoformat(),
        **_labels(),
    )


def _another_persons_entry(request: Request):
    """An entry kept offline by someone else who used this browser: never recorded in this person's name
    (nor tenant); it waits for its author to sign in again."""
    if not wants_html(request):
        return JSONResponse({"detail": "entry kept by another person"}, status_code=409)
    return render_error(
        request,
        409,
        "Saisie d'une autre personne",
        "Ce formulaire a été ouvert par une autre personne sur ce navigateur : rien n'a été enregistré.",
    )


def _labels() -> dict:
    return {"kinds": KINDS, "themes": THEMES, "partner_types": PARTNER_TYPES, "statuses": STATUSES}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
