"""« Abonnés aux indicateurs », for the département's operator: each reporting subscriber's grant,
its consumer groups, when it last read; and revoking one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from passerelle.contracts import topics
from passerelle.http.deps import DatabaseDep
from passerelle.messaging.subscribers import SubscriberError
from passerelle.web.pages import OperatorPage, render
from reporting.service_layer import departement, subscriptions

router = APIRouter(prefix="/abonnes", include_in_schema=False)


@router.get("")
async def subscribers_page(request: Request, _operator: OperatorPage, db: DatabaseDep, fait: str = ""):
    return await _page(request, db, done=fait)


@router.post("/{name}/revoquer")
async def revoke_subscriber(request: Request, name: str, _operator: OperatorPage, db: DatabaseDep):
    admin = request.app.state.settings.kafka_admin()
    if admin is None:
        return await _page(request, db, status_code=503)
    try:
        await subscriptions.revoke(admin, name)
    except SubscriberError:
        return await _page(
            request, db, status_code=404, problem=f"Aucun abonné « {name} » : il a peut-être déjà été révoqué."
        )
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/abonnes?fait={name}", status_code=303)


async def _page(request: Request, db, *, status_code: int = 200, done: str = "", problem: str = ""):
    admin = request.app.state.settings.kafka_admin()
    listed = await subscriptions.listed(db, admin) if admin else None
    return render(
        request,
        "abonnes.html",
        status_code,
        listed=listed,
        names=await departement.tenant_names(db),
        indicators_prefix=topics.INDICATORS_PREFIX,
        revoked=done,
        problem=problem,
    )
