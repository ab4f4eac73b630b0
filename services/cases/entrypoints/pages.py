"""The mediator's pages of the cases service: caseload, case file, timeline forms, rights."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import TypeAdapter, ValidationError

from cases.entrypoints import labels
from cases.entrypoints.pages_partners import NEW, choice_context
from cases.entrypoints.recording import record_once
from cases.entrypoints.schemas import ActivityIn, CloseIn, DatesIn, OutcomeIn, ProcedureStatusIn, ReopenIn
from cases.service_layer import agenda, lifecycle, queries, timeline
from passerelle import clock
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep, KeystoreDep
from passerelle.identity import BeneficiaryIn
from passerelle.web import drafts, team
from passerelle.web.forms import flat
from passerelle.web.french import BY_TYPE, french_errors
from passerelle.web.pages import CoordinatorPage, MediatorPage, render

router = APIRouter(prefix="/accompagnements", include_in_schema=False)
journal_router = APIRouter(include_in_schema=False)
ACTIVITY = TypeAdapter(ActivityIn)
STATE_WORDS = {**labels.STATUSES, **labels.PROCEDURE_STATUSES, **labels.OUTCOMES}
IDENTITY_NOT_SAVED = "Les corrections n'ont pas été enregistrées : voir le formulaire."
# Choices the API defaults but the page asks for: a default there would record what nobody chose.
PAGE_CHOICES = {"procedure": ("channel",)}


@router.get("")
async def caseload(
    request: Request,
    principal: MediatorPage,
    db: DatabaseDep,
    mes: str = "",
    statut: str = "open",
    inactifs: str = "",
    nom: str = "",
):
    where = queries.CaseloadFilter(
        status=statut if statut in labels.STATUSES else None,
        name=nom[:100] or None,
        assigned_to=principal.subject if mes else None,
        inactive_days=int(inactifs) if inactifs.isdigit() else None,
    )
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        rows, total = await queries.caseload(uow=uow, where=where, limit=200, offset=0)
        coming = await agenda.next_appointments(uow, {case.id for case, _ in rows})
    filters = {"mes": mes, "statut": statut, "inactifs": inactifs, "nom": nom}
    return render(
        request,
        "accompagnements.html",
        rows=rows,
        total=total,
        coming=coming,  # each case's next appointment
        filters=filters,
        labels=labels,
        today=clock.today(),
        people=await team.roster(db, principal.tenant),
    )


@router.get("/orientation/{referral_id}")
async def from_referral(request: Request, referral_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    """Where "see the case" of an accepted referral leads; the case opens a moment after acceptance."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        case = await queries.case_for_referral(uow=uow, referral_id=referral_id)
    if case is None:
        return render(request, "ouverture.html", referral_id=referral_id)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/accompagnements/{case.id}", status_code=303)


@router.get("/{case_id}")
async def case_file(
    request: Request,
    case_id: uuid.UUID,
    principal: MediatorPage,
    db: DatabaseDep,
    status_code: int = 200,
    problem: str | None = None,
    form: str | None = None,
    errors: dict | None = None,
    values: dict | None = None,
    enregistre: str = "",
):
    kept = values if values and (form == "orientation" or str(form).startswith("correct-")) else {}
    people = await team.roster(db, principal.tenant)
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        case = await queries.read_case(uow=uow, case_id=case_id, by=principal)
        choices = await choice_context(uow, str(kept.get("partner_name", "")), str(kept.get("partner_id", "")))
    return render(
        request,
        "dossier.html",
        status_code,
        case=case,
        labels=labels,
        problem=problem,
        form=form,
        errors=errors or {},
        values=values or {},
        saved=enregistre,  # the activity just saved: said there, where the page opens
        partner_choices=choices,  # what the orientation form offered for the name it was given
        people=people,  # the team by name: who follows the case, who corrected what, who to entrust it to
        mediators=(mediators := team.mediators(people)),
        mediator_names={m.subject: m.name for m in mediators},  # whose agenda an appointment goes in
        today=clock.today().isoformat(),
        today_day=clock.today(),
    )


@router.post("/{case_id}/activites")
async def record_activity(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    body = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    key = body.pop(idempotency.FORM_FIELD, None)
    kept = {"form": body.get("kind"), "values": {**body, idempotency.FORM_FIELD: key}}
    fields, refused = await _read_activity(request, case_id, principal, db, body, kept)
    if refused:
        return refused

    async def record() -> uuid.UUID:
        return (await record_once(db, case_id=case_id, by=principal, fields=fields, key=key)).id

    recorded = await _answer(request, case_id, principal, db, record, kept=kept)
    return drafts.taken(request, recorded, key)


@router.post("/{case_id}/activites/{activity_id}/corriger")
async def correct_activity(
    request: Request, case_id: uuid.UUID, activity_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    """A correction, from the activity's own form: what it was stays in its history (« corrigée »)."""
    body = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    kept = {"form": f"correct-{activity_id}", "values": body}
    fields, refused = await _read_activity(request, case_id, principal, db, body, kept)
    if refused:
        return refused

    async def correct() -> uuid.UUID:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await timeline.correct_activity(
                uow=uow, case_id=case_id, activity_id=activity_id, by=principal, fields=fields
            )
        return activity_id

    return await _answer(request, case_id, principal, db, correct, kept=kept)


async def _read_activity(request, case_id, principal, db, body: dict, kept: dict):
    """(the activity's fields, None), or (None, the case file with each refusal beside its field in the form
    `kept` names)."""
    errors = {name: BY_TYPE["missing"] for name in PAGE_CHOICES.get(str(body.get("kind")), ()) if name not in body}
    try:
        fields = ACTIVITY.validate_python(orientation_choice(body)).model_dump()
    except ValidationError as exc:
        errors |= {k.split(".", 1)[-1]: v for k, v in french_errors(exc).items()}
    if errors:
        problem = "L'activité n'a pas été enregistrée : voir le formulaire."
        return None, await case_file(request, case_id, principal, db, 422, errors=errors, problem=problem, **kept)
    return fields, None


def orientation_choice(body: dict) -> dict:
    """An orientation's structure as the form gives it: chosen from the directory, « Ajouter à l'annuaire »
    ticked, or only typed (then it must be a name the directory has: a page never adds one unasked)."""
    if body.get("kind") != "orientation":
        return body
    chosen = body.get("partner_id")
    fields = {k: v for k, v in body.items() if k != "partner_id"} | {"new_partner": chosen == NEW}
    return fields | {"partner_id": chosen} if chosen and chosen != NEW else fields


@router.post("/{case_id}/activites/{activity_id}/statut")
async def procedure_status(
    request: Request, case_id: uuid.UUID, activity_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    body = flat(await request.form())
    try:
        change = ProcedureStatusIn.model_validate({"status": body.get("status"), "changed_on": body.get("on")})
    except ValidationError:
        return await case_file(request, case_id, principal, db, 422, problem="Choisissez le nouvel état et sa date.")
    return await _act(
        request,
        case_id,
        principal,
        db,
        timeline.change_procedure_status,
        shown=activity_id,
        activity_id=activity_id,
        status=change.status,
        on=change.changed_on,
    )


@router.post("/{case_id}/activites/{activity_id}/suite")
async def orientation_outcome(
    request: Request, case_id: uuid.UUID, activity_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    body = flat(await request.form())
    try:
        outcome = OutcomeIn.model_validate({"outcome": body.get("outcome"), "recorded_on": body.get("on")})
    except ValidationError:
        return await case_file(request, case_id, principal, db, 422, problem="Choisissez la suite donnée et sa date.")
    return await _act(
        request,
        case_id,
        principal,
        db,
        timeline.record_orientation_outcome,
        shown=activity_id,
        activity_id=activity_id,
        outcome=outcome.outcome,
        on=outcome.recorded_on,
    )


@router.post("/{case_id}/identite")
async def correct_identity(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    identity, refused = await _read_form(
        request, case_id, principal, db, BeneficiaryIn, form="identity", problem=IDENTITY_NOT_SAVED
    )
    if refused:
        return refused
    return await _act(
        request,
        case_id,
        principal,
        db,
        lifecycle.correct_identity,
        identity=identity.model_dump(),
        by=principal.subject,
    )


@router.post("/{case_id}/confier")
async def entrust(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    """« Confier à »: the mediator who follows the case from now on (one of the team)."""
    chosen = str((await request.form()).get("mediator", ""))
    if chosen not in {m.subject for m in team.mediators(await team.roster(db, principal.tenant))}:
        return await case_file(request, case_id, principal, db, 422, problem="Choisissez un membre de l'équipe.")
    return await _act(request, case_id, principal, db, lifecycle.assign_case, mediator=chosen)


@router.post("/{case_id}/freins")
async def barriers(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    chosen = [b for b in (await request.form()).getlist("barriers") if b in labels.BARRIERS]

    async def set_barriers(*, uow, case_id):
        case = await queries.load_case(uow=uow, case_id=case_id, open_only=True)
        case.barriers = list(dict.fromkeys(chosen))
        await uow.commit()

    return await _act(request, case_id, principal, db, set_barriers)


@router.post("/{case_id}/activites/{activity_id}/supprimer")
async def delete_activity(
    request: Request, case_id: uuid.UUID, activity_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep
):
    return await _act(request, case_id, principal, db, timeline.delete_activity, activity_id=activity_id, by=principal)


@router.post("/{case_id}/effacer")
async def erase(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep, keystore: KeystoreDep):
    """At the person's request: erase their personal data and their key (the activities stay, anonymous)."""
    return await _act(request, case_id, principal, db, lifecycle.erase_beneficiary, by=principal, keystore=keystore)


@router.post("/{case_id}/cloturer")
async def close(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    problem = "Le dossier n'a pas été clôturé : voir le formulaire."
    closing, refused = await _read_form(request, case_id, principal, db, CloseIn, form="closure", problem=problem)
    if refused is not None:
        return refused
    return await _act(
        request,
        case_id,
        principal,
        db,
        lifecycle.close_case,
        outcome=closing.outcome,
        satisfaction=closing.satisfaction,
        on=closing.closed_on,
    )


@router.post("/{case_id}/rouvrir")
async def reopen(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    problem = "Le dossier n'a pas été rouvert : voir le formulaire."
    reopening, refused = await _read_form(request, case_id, principal, db, ReopenIn, form="reopening", problem=problem)
    if refused is not None:
        return refused
    return await _act(request, case_id, principal, db, lifecycle.reopen_case, on=reopening.reopened_on)


@router.post("/{case_id}/dates")
async def correct_dates(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    problem = "Les dates n'ont pas été corrigées : voir le formulaire."
    dates, refused = await _read_form(request, case_id, principal, db, DatesIn, form="dates", problem=problem)
    if refused is not None:
        return refused
    return await _act(
        request, case_id, principal, db, lifecycle.correct_dates, opened_on=dates.opened_on, closed_on=dates.closed_on
    )


async def _read_form(request, case_id, principal, db, schema, *, form: str, problem: str):
    """(the form as `schema` reads it, None), or (None, the case file with each refusal beside its field)."""
    body = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    try:
        return schema.model_validate(body), None
    except ValidationError as exc:
        errors = french_errors(exc)
        return None, await case_file(
            request, case_id, principal, db, 422, form=form, errors=errors, values=body, problem=problem
        )


@router.get("/{case_id}/export")
async def export(request: Request, case_id: uuid.UUID, principal: MediatorPage, db: DatabaseDep):
    """What the person may ask for: everything held on them, readable (the export is logged)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        export = await queries.export_case(uow=uow, case_id=case_id, by=principal)
    return render(request, "export.html", export=export, case=export.case, labels=labels, now=clock.now())


@journal_router.get("/journal")
async def journal(request: Request, principal: CoordinatorPage, db: DatabaseDep):
    """The access log: who read, exported or erased which case file (coordinators)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        entries = await queries.access_log(uow=uow)
        named = await queries.names_of(uow=uow, case_ids={e.case_id for e in entries})  # no read logged
    people = await team.roster(db, principal.tenant)
    return render(request, "journal.html", entries=entries, labels=labels, named=named, people=people)


async def _act(request, case_id, principal, db, use_case, *, shown: uuid.UUID | None = None, **arguments):
    """Run a use case on the case; a refused transition or value shows the case file with the reason.
    `shown`: the activity the change concerns, where the case file opens afterwards."""

    async def perform() -> uuid.UUID | None:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await use_case(uow=uow, case_id=case_id, **arguments)
        return shown

    return await _answer(request, case_id, principal, db, perform)


async def _answer(request, case_id, principal, db, perform, *, kept: dict | None = None):
    """Back to the case file once done (Post/Redirect/Get), opened at the activity `perform` returns (it
    says it was saved), or the case file with the reason it was refused: beside its field in the form
    `kept` names, with what was typed, when there is one."""
    try:
        touched = await perform()
    except InvalidTransition as exc:
        if kept is not None and exc.current_state == "closed":  # a late entry dated after the closure
            errors = {"occurred_on": "Cette date est après la clôture : rouvrez d'abord le dossier."}
            problem = "L'activité n'a pas été enregistrée : voir le formulaire."
            return await case_file(request, case_id, principal, db, 409, problem=problem, errors=errors, **kept)
        state = STATE_WORDS.get(exc.current_state, exc.current_state)
        return await case_file(
            request, case_id, principal, db, 409, problem=f"Action impossible : c'est déjà « {state} »."
        )
    except InvalidInput as exc:
        reason = labels.REFUSALS.get(exc.reason, "cette valeur n'est pas acceptée")
        if kept is not None:
            problem, errors = (
                "L'activité n'a pas été enregistrée : voir le formulaire.",
                {exc.field: f"{reason[:1].upper()}{reason[1:]}."},
            )
            return await case_file(request, case_id, principal, db, 422, problem=problem, errors=errors, **kept)
        return await case_file(request, case_id, principal, db, 422, problem=f"Non enregistré : {reason}.")
    here = f"{request.scope.get('root_path', '')}/accompagnements/{case_id}"
    if touched:
        here += f"?enregistre={touched}#activity-{touched}"
    return RedirectResponse(here, status_code=303)
