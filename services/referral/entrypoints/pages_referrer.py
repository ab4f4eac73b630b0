"""The page of a referrer with an account: the referrals they sent, and what became of each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from passerelle.auth import Principal, Role
from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import page_roles, render
from referral.entrypoints import labels
from referral.service_layer import queries

router = APIRouter(include_in_schema=False)
ReferrerPage = Annotated[Principal, Depends(page_roles(Role.REFERRER))]


@router.get("/mes-orientations")
async def my_referrals(request: Request, principal: ReferrerPage, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.own_tenant) as uow:
        referrals = await queries.submitted_by(uow=uow, subject=principal.subject)
    return render(request, "mes_orientations.html", referrals=referrals, labels=labels)
