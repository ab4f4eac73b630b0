"""Pages for people without an account: the tenant's fiche d'orientation and the tracking page;
and the sign-in page of local runs."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from passerelle import clock, registry
from passerelle.auth import Role, mint_token
from passerelle.errors import InvalidInput, NotFound
from passerelle.http.deps import DatabaseDep
from passerelle.http.limits import client_address
from passerelle.web.forms import flat, nested
from passerelle.web.french import french_errors
from passerelle.web.pages import ROLE_LABELS, SESSION_COOKIE, render
from referral.entrypoints import labels
from referral.entrypoints.public import PUBLIC_FORM, TRACKING_CODE, public_limiter
from referral.entrypoints.schemas import ReferralIn
from referral.service_layer import handlers, queries

router = APIRouter(include_in_schema=False)
SESSION_HOURS = 8
SIGN_IN_ROLES = (Role.MEDIATOR, Role.COORDINATOR, Role.REFERRER)
CHECKBOXES = frozenset({"reasons", "difficulties"})


@router.get("/fiche/{tenant_id}")
async def fiche(request: Request, tenant_id: str, db: DatabaseDep, source: str = "professional"):
    """`source` preselects the channel, as when a mediator refers a person met during outreach."""
    async with db.unit_of_work(tenant=None) as lookup:
        name = await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    values = {"source": source if source in labels.SOURCES else "professional"}
    return render(request, "fiche.html", tenant_id=tenant_id, tenant_name=name, values=values, errors={}, labels=labels)


@router.post("/fiche/{tenant_id}")
async def send_fiche(request: Request, tenant_id: str, db: DatabaseDep):
    async with db.unit_of_work(tenant=None) as lookup:
        name = await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    form = await request.form()
    page = {"tenant_id": tenant_id, "tenant_name": name, "values": flat(form, lists=CHECKBOXES), "labels": labels}
    if (wait := public_limiter(request).check(client_address(request))) is not None:
        return render(
            request,
            "fiche.html",
            429,
            errors={
                "formulaire": (
                    f"Trop de fiches envoyées depuis cette adresse. Réessayez dans {int(wait // 60) + 1} minutes."
                )
            },
            **page,
        )
    try:
        body = ReferralIn.model_validate(fiche_body(form))
    except ValidationError as exc:
        return render(request, "fiche.html", 422, errors=french_errors(exc), **page)
    async with db.unit_of_work(tenant=tenant_id) as uow:
        referral = await handlers.submit_referral(uow=uow, submitted_by=PUBLIC_FORM, fields=body.domain_fields())
    return render(
        request, "fiche_envoyee.html", status_code=201, tenant_name=name, tracking_code=referral.tracking_code
    )


def fiche_body(form) -> dict:
    body = nested(form, lists=CHECKBOXES)
    body.setdefault("reasons", [])
    body.setdefault("beneficiary", {})  # so that each missing field of the person is named
    if body.get("source") != "professional":
        body.pop("referrer", None)
    consent = body.setdefault("consent", {})
    consent["given"] = consent.get("given") == "oui"
    consent["recorded_at"] = clock.now().isoformat()
    return body


@router.get("/suivi")
async def tracking(request: Request, db: DatabaseDep, code: str | None = None):
    """The referrer's closed loop: status and date, nothing else."""
    result = error = None
    if code:
        normalized = code.strip().upper()
        if (wait := public_limiter(request).check(client_address(request))) is not None:
            error = f"Trop de recherches depuis cette adresse. Réessayez dans {int(wait // 60) + 1} minutes."
        elif not re.match(TRACKING_CODE, normalized):
            error = "Un code de suivi ressemble à ABCD-EFGH-JKLM."
        else:
            try:
                async with db.unit_of_work(tenant=None, cross_tenant_reason="tracking code look-up") as uow:
                    referral = await queries.tracking(uow=uow, code=normalized)
                result = {
                    "status": labels.TRACKING[referral.tracking_status],
                    "since": referral.decided_at or referral.submitted_at,
                }
            except NotFound:
                error = "Aucune orientation ne correspond à ce code."
    return render(request, "suivi.html", code=code or "", result=result, error=error)


@router.get("/connexion")
async def sign_in_page(request: Request, db: DatabaseDep, next: str = "/referral/orientations"):
    enabled = request.app.state.settings.jwt_private_key_file is not None
    async with db.unit_of_work(tenant=None) as lookup:
        tenants = await registry.list_tenants(uow=lookup) if enabled else []
    users = {f"{t['id']}|{role}": f"{t['name']} — {ROLE_LABELS[role]}" for t in tenants for role in SIGN_IN_ROLES}
    return render(request, "connexion.html", enabled=enabled, users=users, next=safe_next(next))


@router.post("/connexion")
async def sign_in(request: Request, user: Annotated[str, Form()], next: Annotated[str, Form()] = ""):
    """Local runs only: issue a demo user's token into an HttpOnly, SameSite=Strict cookie."""
    settings = request.app.state.settings
    tenant, _, role = user.partition("|")
    if settings.jwt_private_key_file is None or role not in {str(r) for r in SIGN_IN_ROLES}:
        raise InvalidInput("user", "unknown demo user")
    token = mint_token(
        settings.jwt_private_key_file.read_bytes(),
        subject=f"{role}@{tenant}",
        tenant=tenant,
        roles=[Role(role)],
        audience=settings.jwt_audience,
        ttl_seconds=SESSION_HOURS * 3600,
    )
    landing = safe_next(next) if role != Role.REFERRER else f"/referral/fiche/{tenant}"
    answer = RedirectResponse(landing, status_code=303)
    answer.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.served_over_https,
        path="/",
    )
    return answer


@router.post("/deconnexion")
async def sign_out():
    answer = RedirectResponse("/referral/connexion", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


def safe_next(target: str) -> str:
    """Only a path on this origin (never //host or a scheme): no open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/referral/orientations"
