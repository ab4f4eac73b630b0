"""Pages for people without an account: the tenant's fiche d'orientation and the tracking page."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from passerelle import clock, registry
from passerelle.auth import Role
from passerelle.errors import NotFound
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.http.limits import client_address
from passerelle.privacy.notice import referral_notice
from passerelle.web import glossary
from passerelle.web.current_session import session_principal
from passerelle.web.forms import flat, nested
from passerelle.web.french import BY_TYPE, french_errors
from passerelle.web.pages import render
from passerelle.web.sign_in import public_url
from referral.domain.model import PUBLIC_FORM
from referral.entrypoints import labels
from referral.entrypoints.public import TRACKING_CODE, public_limiter
from referral.entrypoints.schemas import ReferralIn
from referral.entrypoints.submission import submit_once
from referral.service_layer import queries

router = APIRouter(include_in_schema=False)
CHECKBOXES = frozenset({"reasons", "difficulties"})


@router.get("/fiche/{tenant_id}")
async def fiche(request: Request, tenant_id: str, db: DatabaseDep, source: str = ""):
    """`source` is the channel already chosen, as when a mediator refers a person met during outreach
    (the outreach page's « Orienter »); otherwise it is the referrer's to choose: a figure counts it."""
    async with db.unit_of_work(tenant=None) as lookup:
        name = await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    values = {"source": source} if source in labels.SOURCES else {}
    return render(request, "fiche.html", tenant_id=tenant_id, tenant_name=name, values=values, errors={}, labels=labels)


@router.get("/fiche/{tenant_id}/envoyee")
async def fiche_sent(request: Request, tenant_id: str, db: DatabaseDep, code: str = ""):
    """Where a sent fiche leads (Post/Redirect/Get): reloading it sends nothing again."""
    async with db.unit_of_work(tenant=None) as lookup:
        name = await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    tracking_code = code if re.match(TRACKING_CODE, code) else None
    tracking_url = public_url(request, f"/referral/suivi?code={tracking_code}")  # to print or send
    return render(
        request,
        "fiche_envoyee.html",
        tenant_id=tenant_id,
        tenant_name=name,
        tracking_code=tracking_code,
        tracking_url=tracking_url,
    )


@router.get("/fiche/{tenant_id}/confidentialite")
async def privacy_notice(request: Request, tenant_id: str, db: DatabaseDep):
    """What becomes of the data of a person referred to this tenant: the notice linked under the consent."""
    async with db.unit_of_work(tenant=None) as lookup:
        name = await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    return render(request, "confidentialite.html", tenant_id=tenant_id, tenant_name=name, notice=referral_notice())


@router.get("/glossaire")
async def glossary_page(request: Request):
    """The words of the trade (passerelle.web.glossary), for everyone: linked from every page's footer."""
    return render(request, "glossaire.html", terms=glossary.TERMS)


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
    fields = fiche_body(form)
    try:
        body = ReferralIn.model_validate(fields)
    except ValidationError as exc:
        return render(request, "fiche.html", 422, errors=fiche_errors(fields, french_errors(exc)), **page)
    if not fields.get("source"):  # the API's default is no one's choice on the page
        return render(request, "fiche.html", 422, errors=fiche_errors(fields, {}), **page)
    submitter = await _submitter(request, tenant_id)
    key = str(form.get(idempotency.FORM_FIELD) or "") or None
    referral = await submit_once(db, tenant=tenant_id, submitted_by=submitter, fields=body.domain_fields(), key=key)
    sent = f"{request.scope.get('root_path', '')}/fiche/{tenant_id}/envoyee?code={referral.tracking_code}"
    return RedirectResponse(sent, status_code=303)


async def _submitter(request: Request, tenant_id: str) -> str:
    """A referrer signed in to this tenant sends the fiche as themself (it joins "Mes orientations")."""
    principal = await session_principal(request)
    if principal is not None and Role.REFERRER in principal.roles and principal.tenant == tenant_id:
        return principal.subject
    return PUBLIC_FORM


def fiche_body(form) -> dict:
    body = nested(form, lists=CHECKBOXES)
    body.pop(idempotency.FORM_FIELD, None)
    body.setdefault("reasons", [])
    body.setdefault("beneficiary", {})  # so that each missing field of the person is named
    if body.get("source") == "professional":
        body.setdefault("referrer", {})  # and each missing field of the professional
    elif body.get("source"):
        body.pop("referrer", None)
    consent = body.setdefault("consent", {})
    consent["given"] = consent.get("given") == "oui"
    consent["recorded_at"] = clock.now().isoformat()
    return body


def fiche_errors(fields: dict, errors: dict[str, str]) -> dict[str, str]:
    """Every rule in one pass: a missing origin is said too (and the professional's fields are asked for
    only once it says a professional), in the fiche's order."""
    if not fields.get("source"):
        errors = {"source": BY_TYPE["missing"], **{k: v for k, v in errors.items() if k != "referrer"}}
    order = list(labels.FICHE_FIELDS)
    return dict(sorted(errors.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)))


@router.get("/suivi")
async def tracking(request: Request, db: DatabaseDep, code: str | None = None):
    """The referrer's closed loop: status and date; for a referral not kept, its reason and the team's
    message to the referrer; nothing else."""
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
                    # not kept: why, in the team's words for the referrer (never its internal note)
                    "reason": labels.DECLINE_REASONS.get(referral.decline_reason or ""),
                    "message": referral.referrer_message,
                }
            except NotFound:
                error = "Aucune orientation ne correspond à ce code."
    return render(request, "suivi.html", code=code or "", result=result, error=error)
