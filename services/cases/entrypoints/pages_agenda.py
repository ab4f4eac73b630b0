"""What is coming, in the pages: an appointment planned from the case file, moved, said held or missed;
« Mon agenda » (the day or the week, mine or the team's, on a phone too); the phone's calendar address."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from cases.entrypoints import labels
from cases.entrypoints.pages import case_file
from cases.entrypoints.recording import plan_once
from cases.entrypoints.schemas import PlannedAppointmentIn, SettlementIn
from cases.service_layer import agenda, calendar_feed
from passerelle import clock
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.web import drafts, team
from passerelle.web.forms import flat
from passerelle.web.french import BY_TYPE, french_errors
from passerelle.web.pages import MediatorPage, render
from passerelle.web.sign_in import public_url

router = APIRouter(include_in_schema=False)
NOT_PLANNED = "Le rendez-vous n'a pas été enregistré : voir le formulaire."
VIEWS = {"jour": 1, "semaine": 7}


@router.post("/accompagnements/{case_id}/rendez-vous")
async def plan(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    body, planned, refused = await _read_plan(request, case_id, principal, db, form="plan")
    if refused:
        return refused
    key = body.get(idempotency.FORM_FIELD)

    async def perform() -> None:  # a second tap of « Prévoir » plans nothing more
        await plan_once(db, case_id=case_id, by=principal, fields=planned.model_dump(), key=key)

    return drafts.taken(request, await _done(request, case_id, principal, db, perform, form="plan", body=body), key)


@router.post("/accompagnements/{case_id}/rendez-vous/{appointment_id}/deplacer")
async def reschedule(
    request: Request, case_id: uuid.UUID, appointment_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    form = f"move-{appointment_id}"
    body, moved, refused = await _read_plan(request, case_id, principal, db, form=form)
    if refused:
        return refused

    async def perform() -> None:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await agenda.reschedule(
                uow=uow, case_id=case_id, appointment_id=appointment_id, **moved.model_dump(exclude={"kind"})
            )

    return await _done(request, case_id, principal, db, perform, form=form, body=body)


@router.post("/accompagnements/{case_id}/rendez-vous/{appointment_id}/issue")
async def settle(
    request: Request, case_id: uuid.UUID, appointment_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    """Held, missed, or cancelled; back where it was said (the agenda, or the case file)."""
    body = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    back = body.pop("retour", "")
    try:
        settlement = SettlementIn.model_validate(body)
    except ValidationError:
        return await case_file(
            request, case_id, principal, db, 422, problem="Choisissez : honoré, non honoré ou annulé."
        )

    async def perform() -> None:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await agenda.settle(
                uow=uow, case_id=case_id, appointment_id=appointment_id, by=principal.subject, **settlement.model_dump()
            )

    return await _done(request, case_id, principal, db, perform, back=back)


@router.get("/agenda")
async def my_agenda(
    request: Request, principal: MediatorPage, db: DatabaseDep, jour: str = "", vue: str = "jour", equipe: str = ""
):
    """The appointments of a day or a week (Monday first), mine or the team's; above them, the ones whose day
    has passed and that nobody said held or missed."""
    vue = vue if vue in VIEWS else "jour"
    try:
        day = date.fromisoformat(jour) if jour else clock.today()
    except ValueError:
        day = clock.today()
    start = day - timedelta(days=day.weekday()) if vue == "semaine" else day
    mediator = None if equipe else principal.subject
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        entries = await agenda.agenda(uow, start=start, days=VIEWS[vue], mediator=mediator)
        due = await agenda.still_to_settle(uow, mediator=mediator)
        feed = await calendar_feed.standing(uow, principal.subject)
    days: dict[date, list[agenda.AgendaEntry]] = {start + timedelta(days=n): [] for n in range(VIEWS[vue])}
    for entry in entries:
        days[entry.appointment.day].append(entry)
    step = timedelta(days=VIEWS[vue])
    return render(
        request,
        "agenda.html",
        days=days,
        due=due,
        vue=vue,
        team=bool(equipe),
        day=day,
        previous=start - step,
        following=start + step,
        today=clock.today(),
        labels=labels,
        people=await team.roster(db, principal.tenant),
        feed=feed,
        here=f"/agenda?jour={day.isoformat()}&vue={vue}{'&equipe=1' if equipe else ''}",
    )


@router.post("/agenda/abonnement")
async def new_feed(request: Request, principal: MediatorPage, db: DatabaseDep):
    """A new secret address for the phone's calendar (the former one stops): shown this once."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        secret = await calendar_feed.new_feed(uow, principal.subject)
    address = public_url(request, f"{request.scope.get('root_path', '')}/agenda/flux/{secret}.ics")
    return render(request, "agenda_abonnement.html", address=address)


@router.post("/agenda/abonnement/revoquer")
async def revoke_feed(request: Request, principal: MediatorPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        await calendar_feed.revoke(uow, principal.subject)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/agenda?abonnement=revoque", status_code=303)


@router.get("/agenda/flux/{secret}.ics")
async def ical(request: Request, secret: str, db: DatabaseDep):
    """The phone's calendar reads this without signing in: the secret is the key (initials only inside)."""
    link = public_url(request, f"{request.scope.get('root_path', '')}/accompagnements/{{case_id}}")
    body = await calendar_feed.feed(db, secret[:100], link=link)
    if body is None:
        return Response("Adresse inconnue ou révoquée.", status_code=404, media_type="text/plain; charset=utf-8")
    return Response(body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"})


async def _read_plan(request, case_id, principal, db, *, form: str):
    """(what was typed, the appointment as read, None), or (…, None, the case file with each refusal)."""
    body = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    fields = {k: v for k, v in body.items() if k not in ("day", "time", idempotency.FORM_FIELD)}
    missing = {name: BY_TYPE["missing"] for name in ("day", "time") if name not in body}
    if not missing:
        fields["starts_at"] = f"{body['day']}T{body['time']}"
    try:
        planned = PlannedAppointmentIn.model_validate(fields)
    except ValidationError as exc:
        errors = {("day" if k == "starts_at" else k): v for k, v in french_errors(exc).items() if k != "starts_at"}
        errors = {**missing, **errors} if missing else {**errors, **_day_error(exc)}
        return body, None, await _refused(request, case_id, principal, db, form, body, errors)
    if missing:
        return body, None, await _refused(request, case_id, principal, db, form, body, missing)
    return body, planned, None


def _day_error(exc: ValidationError) -> dict[str, str]:
    return {"day": "Date ou heure invalide."} if any(e["loc"] == ("starts_at",) for e in exc.errors()) else {}


async def _done(
    request, case_id, principal, db, perform, *, form: str | None = None, body: dict | None = None, back=""
):
    """Back to the agenda (`back`) or the case file at its appointments once done; else the case file with the
    reason: beside its field in the form `form` names (what was typed kept), or above it."""
    try:
        await perform()
    except InvalidInput as exc:
        reason = labels.REFUSALS.get(exc.reason, "cette valeur n'est pas acceptée")
        error = f"{reason[:1].upper()}{reason[1:]}."
        if form is None:
            return await case_file(request, case_id, principal, db, 422, problem=f"Non enregistré : {reason}.")
        field = "day" if exc.field == "starts_at" else exc.field
        return await _refused(request, case_id, principal, db, form, body or {}, {field: error})
    except InvalidTransition as exc:
        state = labels.APPOINTMENT_STATUSES.get(exc.current_state) or labels.STATUSES.get(exc.current_state)
        return await case_file(
            request,
            case_id,
            principal,
            db,
            409,
            problem=f"Action impossible : c'est déjà « {state or exc.current_state} ».",
        )
    root = request.scope.get("root_path", "")
    if back.startswith("/agenda"):
        return RedirectResponse(f"{root}{back}", status_code=303)
    return RedirectResponse(f"{root}/accompagnements/{case_id}#appointments", status_code=303)


async def _refused(request, case_id, principal, db, form: str, body: dict, errors: dict):
    return await case_file(
        request, case_id, principal, db, 422, problem=NOT_PLANNED, form=form, errors=errors, values=body
    )
