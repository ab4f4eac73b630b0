"""What professionals without an account use: the public fiche, the département intake, tracking."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, status

from passerelle import clock, registry
from passerelle.http.deps import DatabaseDep
from passerelle.http.idempotency import IdempotencyKey
from passerelle.http.limits import RateLimiter
from referral.domain.model import PUBLIC_FORM
from referral.entrypoints.http import receipt
from referral.entrypoints.schemas import ReferralIn, ReferralReceipt, TrackingOut
from referral.entrypoints.submission import submit_once
from referral.service_layer import queries

router = APIRouter(prefix="/public", tags=["public"])
TRACKING_CODE = r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"


def public_limiter(request: Request) -> RateLimiter:
    """One allowance per client address for public submissions and look-ups, API and pages alike."""
    limiter = getattr(request.app.state, "public_rate_limiter", None)
    if limiter is None:
        limiter = request.app.state.public_rate_limiter = RateLimiter(
            request.app.state.settings.public_submissions_per_hour, 3600
        )
    return limiter


def public_rate_limit(request: Request) -> None:
    public_limiter(request)(request)


RateLimited = Depends(public_rate_limit)


@router.post(
    "/tenants/{tenant_id}/referrals",
    status_code=status.HTTP_201_CREATED,
    response_model=ReferralReceipt,
    dependencies=[RateLimited],
)
async def submit_public_referral(tenant_id: str, body: ReferralIn, db: DatabaseDep, key: IdempotencyKey = None):
    """The public fiche d'orientation of one tenant, for professionals without an account."""
    async with db.unit_of_work(tenant=None) as lookup:
        await registry.tenant_name(uow=lookup, tenant_id=tenant_id)
    fields = body.domain_fields()
    return receipt(await submit_once(db, tenant=tenant_id, submitted_by=PUBLIC_FORM, fields=fields, key=key))


@router.post(
    "/referrals", status_code=status.HTTP_201_CREATED, response_model=ReferralReceipt, dependencies=[RateLimited]
)
async def submit_to_departement(body: ReferralIn, db: DatabaseDep, key: IdempotencyKey = None):
    """The département intake: routed to the tenant whose territory covers the beneficiary's postal code."""
    async with db.unit_of_work(tenant=None) as lookup:
        tenant_id = await queries.route_by_postal_code(uow=lookup, postal_code=body.beneficiary.postal_code)
    fields = body.domain_fields()
    return receipt(await submit_once(db, tenant=tenant_id, submitted_by=PUBLIC_FORM, fields=fields, key=key))


@router.get("/tracking/{code}", response_model=TrackingOut, dependencies=[RateLimited])
async def track_referral(code: Annotated[str, Path(pattern=TRACKING_CODE)], db: DatabaseDep):
    """The closed loop: the referral's status and since when, by its tracking code. Never the case."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason="tracking code look-up") as uow:
        referral = await queries.tracking(uow=uow, code=code.upper())
    since = clock.paris_day(referral.decided_at or referral.submitted_at)
    return TrackingOut(status=referral.tracking_status, since=since)
