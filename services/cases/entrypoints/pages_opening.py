"""« Ouvrir un accompagnement » for a person met during an outreach action: a short form, the case opened
at once (no referral to send and accept), the redirection counted on the action by the outreach service
(`case.opened` names it)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from cases.entrypoints.recording import open_once
from cases.entrypoints.schemas import CaseOpenIn
from passerelle import clock
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.web.forms import flat
from passerelle.web.french import french_errors
from passerelle.web.pages import MediatorPage, render

router = APIRouter(prefix="/accompagnements/ouvrir", include_in_schema=False)  # before the case file's /{id}
IDENTITY = ("last_name", "first_name", "birth_date", "phone", "postal_code", "commune")


@router.get("")
async def opening_form(request: Request, principal: MediatorPage, action: uuid.UUID | None = None):
    values = {"action": str(action) if action else "", "opened_on": clock.today().isoformat()}
    return render(request, "ouvrir.html", values=values, errors={}, today=clock.today().isoformat())


@router.post("")
async def open_follow_up(request: Request, principal: MediatorPage, db: DatabaseDep):
    form = {k: v for k, v in flat(await request.form()).items() if v not in ("", None)}
    key = form.get(idempotency.FORM_FIELD)
    try:
        body = CaseOpenIn.model_validate(
            {
                "beneficiary": {name: form[name] for name in IDENTITY if name in form},
                "opened_on": form.get("opened_on") or clock.today(),
                "outreach_action_id": form.get("action"),
            }
        )
    except ValidationError as exc:
        errors = {k.removeprefix("beneficiary."): v for k, v in french_errors(exc).items()}
        return render(request, "ouvrir.html", 422, values=form, errors=errors, today=clock.today().isoformat())
    case = await open_once(
        db,
        by=principal,
        identity=body.beneficiary.model_dump(),
        barriers=[],
        opened_on=body.opened_on,
        key=key,
        outreach_action_id=body.outreach_action_id,
    )
    return RedirectResponse(f"{request.scope.get('root_path', '')}/accompagnements/{case.id}", status_code=303)
