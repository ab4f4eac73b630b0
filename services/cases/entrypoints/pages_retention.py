"""« Conservation des dossiers », for coordinators: the files anonymised within 30 days, keeping one
longer with the reason, the tenant's policy and the daily passes (cases.service_layer.retention)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from cases.domain.retention import DEFAULT_MONTHS, LONGEST_EXTENSION_DAYS, NOTICE_DAYS
from cases.service_layer import retention
from passerelle import clock
from passerelle.errors import InvalidInput
from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import CoordinatorPage, render

router = APIRouter(prefix="/conservation", include_in_schema=False)
PROBLEMS = {
    "reason": (
        "Indiquez pourquoi le dossier est conservé plus longtemps (la personne est revenue, une démarche en cours…)."
    ),
    "until": f"Choisissez une date après aujourd'hui, dans les {LONGEST_EXTENSION_DAYS} jours.",
}


@router.get("")
async def retention_page(request: Request, principal: CoordinatorPage, db: DatabaseDep, fait: str = ""):
    return await _page(request, principal, db, done=fait == "prolonge")


@router.post("/{case_id}/prolonger")
async def extend_retention(request: Request, case_id: uuid.UUID, principal: CoordinatorPage, db: DatabaseDep):
    form = await request.form()
    reason = str(form.get("reason", "")).strip()
    try:
        until = date.fromisoformat(str(form.get("until", "")))
    except ValueError:
        return await _page(request, principal, db, 422, problem=PROBLEMS["until"], failed=case_id)
    try:
        async with db.unit_of_work(tenant=principal.tenant) as uow:
            await retention.extend(uow=uow, case_id=case_id, until=until, reason=reason, by=principal.subject)
    except InvalidInput as exc:
        return await _page(request, principal, db, 422, problem=PROBLEMS.get(exc.field, exc.reason), failed=case_id)
    return RedirectResponse(f"{request.scope.get('root_path', '')}/conservation?fait=prolonge", status_code=303)


async def _page(request, principal, db, status_code: int = 200, **context):
    today = clock.today()
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        coming = await retention.upcoming(uow=uow, today=today)
        months = await retention.policy_months(uow)
        runs = await retention.recent_runs(uow=uow, limit=7)
    return render(
        request,
        "conservation.html",
        status_code,
        coming=coming,
        months=months,
        default_months=DEFAULT_MONTHS,
        notice_days=NOTICE_DAYS,
        runs=runs,
        suggested=(today + timedelta(days=180)).isoformat(),
        latest=(today + timedelta(days=LONGEST_EXTENSION_DAYS)).isoformat(),
        tomorrow=(today + timedelta(days=1)).isoformat(),
        **context,
    )
