"""The mediator's pages: the inbox of referrals and a referral with its triage actions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from passerelle import clock, registry
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.http.deps import DatabaseDep, KeystoreDep
from passerelle.web.pages import MediatorPage, render
from referral.entrypoints import labels
from referral.service_layer import handlers, queries

router = APIRouter(prefix="/orientations", include_in_schema=False)
DECISION_DAY = "La date de la décision doit être une date, aujourd'hui au plus tard."
PAGE_SIZE = 25
DONE = {
    "acceptee": "Orientation acceptée : l'accompagnement est ouvert dans « Accompagnements ».",
    "refusee": "Orientation marquée comme non retenue.",
    "transferee": "Orientation transférée. Seule une trace sans donnée personnelle reste ici.",
    "consentement-retire": "Consentement retiré : les données personnelles ont été effacées.",
}
SORTS = {
    "-submitted_at": "Plus récentes d'abord",
    "submitted_at": "Plus anciennes d'abord",
    "last_name": "Nom (A → Z)",
    "-last_name": "Nom (Z → A)",
}


@router.get("")
async def inbox(
    request: Request,
    principal: MediatorPage,
    db: DatabaseDep,
    statut: str = "",
    motif: str = "",
    difficulte: str = "",
    du: str = "",
    au: str = "",
    nom: str = "",
    tri: str = "-submitted_at",
    page: int = 1,
):
    where = queries.InboxFilter(
        status=statut if statut in labels.STATUSES else None,
        reason=motif if motif in labels.REASONS else None,
        difficulty=difficulte if difficulte in labels.DIFFICULTIES else None,
        submitted_from=_date(du),
        submitted_to=_date(au),
        name=nom[:100] or None,
        sort=tri if tri in SORTS else "-submitted_at",
    )
    page = max(page, 1)
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        items, total = await queries.inbox(uow=uow, where=where, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        duplicated = await queries.duplicate_keys(uow=uow, referrals=items)
    filters = {"statut": statut, "motif": motif, "difficulte": difficulte, "du": du, "au": au, "nom": nom, "tri": tri}
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)

    def page_link(number: int) -> str | None:
        return (
            "?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": number})
            if 1 <= number <= pages
            else None
        )

    return render(
        request,
        "orientations.html",
        items=items,
        duplicated=duplicated,
        total=total,
        page=page,
        pages=pages,
        previous=page_link(page - 1),
        following=page_link(page + 1),
        filters=filters,
        labels=labels,
        sorts=SORTS,
    )


@router.get("/a-trier")
async def waiting_count(request: Request, principal: MediatorPage, db: DatabaseDep):
    """The count beside « Orientations » in every page's navigation (htmx, refreshed every minute)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        waiting = await queries.waiting_for_triage(uow=uow)
    return render(request, "a_trier.html", waiting=waiting)


@router.get("/{referral_id}")
async def detail(
    request: Request,
    referral_id: uuid.UUID,
    principal: MediatorPage,
    db: DatabaseDep,
    fait: str = "",
    status_code: int = 200,
    problem: str | None = None,
):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        referral = await queries.get_referral(uow=uow, referral_id=referral_id)
        duplicates = await queries.likely_duplicates(uow=uow, referral=referral)
    async with db.unit_of_work(tenant=None) as lookup:
        others = [t for t in await registry.list_tenants(uow=lookup) if t["id"] != principal.tenant]
    return render(
        request,
        "orientation.html",
        status_code,
        referral=referral,
        duplicates=duplicates,
        others=others,
        done=DONE.get(fait),
        problem=problem,
        labels=labels,
        today=clock.today().isoformat(),
        received_day=clock.paris_day(referral.submitted_at).isoformat(),
    )


@router.post("/{referral_id}/accepter")
async def accept(
    request: Request,
    referral_id: uuid.UUID,
    principal: MediatorPage,
    db: DatabaseDep,
    keystore: KeystoreDep,
    decided_on: Annotated[str, Form()] = "",
):
    on = _decision_day(decided_on)
    if on is None:
        return await detail(request, referral_id, principal, db, status_code=422, problem=DECISION_DAY)

    async def act(uow):
        await handlers.accept_referral(uow=uow, referral_id=referral_id, by=principal, keystore=keystore, on=on)

    return await _triage(request, referral_id, principal, db, act, "acceptee")


@router.post("/{referral_id}/refuser")
async def decline(
    request: Request,
    referral_id: uuid.UUID,
    principal: MediatorPage,
    db: DatabaseDep,
    motif: Annotated[str, Form()],
    precision: Annotated[str, Form(max_length=500)] = "",
    message: Annotated[str, Form(max_length=500)] = "",
    decided_on: Annotated[str, Form()] = "",
):
    on = _decision_day(decided_on)
    if on is None:
        return await detail(request, referral_id, principal, db, status_code=422, problem=DECISION_DAY)
    if motif not in labels.DECLINE_REASONS:
        return await detail(
            request,
            referral_id,
            principal,
            db,
            status_code=422,
            problem="Choisissez le motif pour lequel l'orientation n'est pas retenue.",
        )

    async def act(uow):
        await handlers.decline_referral(
            uow=uow,
            referral_id=referral_id,
            reason=motif,
            note=precision or None,
            by=principal,
            on=on,
            referrer_message=message.strip() or None,
        )

    return await _triage(request, referral_id, principal, db, act, "refusee")


@router.post("/{referral_id}/transferer")
async def transfer(
    request: Request,
    referral_id: uuid.UUID,
    principal: MediatorPage,
    db: DatabaseDep,
    structure: Annotated[str, Form()],
):
    async def act(uow):
        await handlers.transfer_referral(uow=uow, referral_id=referral_id, to_tenant=structure, by=principal)

    return await _triage(request, referral_id, principal, db, act, "transferee")


@router.post("/{referral_id}/retirer-consentement")
async def withdraw(request: Request, referral_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    async def act(uow):
        await handlers.withdraw_consent(uow=uow, referral_id=referral_id, by=principal)

    return await _triage(request, referral_id, principal, db, act, "consentement-retire")


async def _triage(request, referral_id, principal, db, act, done: str):
    """Run a triage action; on a refused transition, show the referral again with the reason."""
    try:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await act(uow)
    except InvalidTransition as exc:
        state = labels.STATUSES.get(exc.current_state, exc.current_state).lower()
        return await detail(
            request,
            referral_id,
            principal,
            db,
            status_code=409,
            problem=f"Action impossible : cette orientation est déjà « {state} ».",
        )
    except InvalidInput as exc:
        problem = (
            "La décision ne peut pas précéder la réception de l'orientation."
            if exc.field == "decided_on"
            else "Choisissez une structure de destination parmi celles proposées."
        )
        return await detail(request, referral_id, principal, db, status_code=422, problem=problem)
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/orientations/{referral_id}?fait={done}", status_code=303)


def _decision_day(text: str) -> date | None:
    """The day of a decision as the form gives it: today when left empty, None when it cannot be one."""
    if not text:
        return clock.today()
    day = _date(text)
    return day if day is not None and day <= clock.today() else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
