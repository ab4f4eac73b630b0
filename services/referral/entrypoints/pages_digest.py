"""« Résumé quotidien »: a team member asks for, or stops, the daily summary by mail
(referral.service_layer.digest)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import MediatorPage, render
from referral.service_layer import digest

router = APIRouter(prefix="/resume-quotidien", include_in_schema=False)


@router.get("")
async def digest_page(request: Request, principal: MediatorPage, db: DatabaseDep, fait: str = ""):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        subscribed = await digest.subscribed(uow, principal)
    return render(
        request, "resume.html", subscribed=subscribed, email=principal.email, done=fait, send_from=digest.SEND_FROM
    )


@router.post("")
async def change_digest(request: Request, principal: MediatorPage, db: DatabaseDep):
    wanted = (await request.form()).get("recevoir") == "oui"
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        await (digest.subscribe if wanted else digest.unsubscribe)(uow, principal)
    done = "abonne" if wanted else "desabonne"
    return RedirectResponse(f"{request.scope.get('root_path', '')}/resume-quotidien?fait={done}", status_code=303)
