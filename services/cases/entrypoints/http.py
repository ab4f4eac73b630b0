"""The cases API: caseload, opening, the case file and its life, the person's rights."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from cases.entrypoints.recording import open_once
from cases.entrypoints.schemas import (
    AccessOut,
    AssignIn,
    BarriersIn,
    CaseExport,
    CaseloadPage,
    CaseOpenIn,
    CaseOut,
    CaseSummary,
    CloseIn,
    DatesIn,
    ReopenIn,
    TransferIn,
)
from cases.service_layer import agenda, lifecycle, queries
from passerelle import clock
from passerelle.http.deps import Coordinator, DatabaseDep, KeystoreDep, Mediator
from passerelle.http.idempotency import IdempotencyKey
from passerelle.http.pagination import Pagination, paged
from passerelle.identity import BeneficiaryIn

router = APIRouter(prefix="/cases", tags=["cases"])
access_router = APIRouter(prefix="/access-log", tags=["access log"])


@router.get("", response_model=CaseloadPage)
async def list_cases(
    principal: Mediator,
    db: DatabaseDep,
    paging: Annotated[Pagination, paged(200)],
    mine: bool = False,
    status: str | None = None,
    assigned_to: str | None = None,
    referral_id: uuid.UUID | None = None,
    inactive_days: Annotated[int | None, Query(ge=0, le=3650, description="last activity older than N days")] = None,
    name: Annotated[str | None, Query(max_length=100)] = None,
):
    """The caseload: the tenant's cases (or mine), least recently active first."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        if referral_id is not None:
            case = await queries.case_for_referral(uow=uow, referral_id=referral_id)
            rows, total = ([(case, case.opened_on)], 1) if case else ([], 0)
        else:
            where = queries.CaseloadFilter(
                status=status,
                assigned_to=principal.subject if mine else assigned_to,
                inactive_days=inactive_days,
                name=name,
            )
            rows, total = await queries.caseload(uow=uow, where=where, limit=paging.limit, offset=paging.offset)
        coming = await agenda.next_appointments(uow, {c.id for c, _ in rows})
    computed = ("last_activity_on", "next_appointment_at")
    items = [
        CaseSummary(
            **{f: getattr(c, f) for f in CaseSummary.model_fields if f not in computed},
            last_activity_on=last,
            next_appointment_at=coming[c.id].starts_at if c.id in coming else None,
        )
        for c, last in rows
    ]
    return CaseloadPage(items=items, total=total, limit=paging.limit, offset=paging.offset)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CaseOut)
async def open_case(body: CaseOpenIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None):
    """Open a case directly, for a person met at a drop-in or during outreach (no referral). With an
    `Idempotency-Key`, a repeated request opens nothing more and answers the first case."""
    identity, barriers = body.beneficiary.model_dump(), [str(b) for b in dict.fromkeys(body.barriers)]
    return await open_once(
        db,
        by=principal,
        identity=identity,
        barriers=barriers,
        opened_on=body.opened_on,
        key=key,
        outreach_action_id=body.outreach_action_id,
    )


@router.get("/{case_id}", response_model=CaseOut)
async def get_case(case_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """The case file. Every read is written to the access log."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await queries.read_case(uow=uow, case_id=case_id, by=principal)


@router.put("/{case_id}/barriers", response_model=CaseOut)
async def set_barriers(case_id: uuid.UUID, body: BarriersIn, principal: Mediator, db: DatabaseDep):
    """The barriers ("freins") found with the person."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        case = await queries.load_case(uow=uow, case_id=case_id, open_only=True)
        case.barriers = list(dict.fromkeys(body.barriers))
        await uow.commit()
        return case


@router.put("/{case_id}/beneficiary", response_model=CaseOut)
async def correct_identity(case_id: uuid.UUID, body: BeneficiaryIn, principal: Mediator, db: DatabaseDep):
    """The person's identity and contact, corrected (a new phone or address, a misspelt name): the case keeps
    who changed which fields and when."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.correct_identity(
            uow=uow, case_id=case_id, identity=body.model_dump(), by=principal.subject
        )


@router.post("/{case_id}/close", response_model=CaseOut)
async def close_case(case_id: uuid.UUID, body: CloseIn, principal: Mediator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.close_case(
            uow=uow, case_id=case_id, outcome=body.outcome, satisfaction=body.satisfaction, on=body.closed_on
        )


@router.put("/{case_id}/dates", response_model=CaseOut)
async def correct_dates(case_id: uuid.UUID, body: DatesIn, principal: Mediator, db: DatabaseDep):
    """Correct the day the case opened, or its last closure's day (a paper file typed with the wrong
    day): reporting counts them on the new days."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.correct_dates(
            uow=uow, case_id=case_id, opened_on=body.opened_on, closed_on=body.closed_on
        )


@router.post("/{case_id}/reopen", response_model=CaseOut)
async def reopen_case(case_id: uuid.UUID, principal: Mediator, db: DatabaseDep, body: ReopenIn | None = None):
    """Reopen a closed case, on a day not before its closure (today without a body)."""
    on = (body or ReopenIn()).reopened_on
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.reopen_case(uow=uow, case_id=case_id, on=on)


@router.post("/{case_id}/assign", response_model=CaseOut)
async def assign_case(case_id: uuid.UUID, body: AssignIn, principal: Coordinator, db: DatabaseDep):
    """Reassign the case to another mediator of the tenant (coordinators)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.assign_case(uow=uow, case_id=case_id, mediator=body.mediator)


@router.post("/{case_id}/transfer", response_model=CaseOut)
async def transfer_case(
    case_id: uuid.UUID, body: TransferIn, principal: Mediator, db: DatabaseDep, keystore: KeystoreDep
):
    """Transfer to another tenant (the person moved): it arrives whole there; a tombstone stays here."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.transfer_case(uow=uow, case_id=case_id, to_tenant=body.to_tenant, keystore=keystore)


@router.get("/{case_id}/export", response_model=CaseExport)
async def export_case(case_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """Everything held on the person in this case (right of access). The export is logged."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        export = await queries.export_case(uow=uow, case_id=case_id, by=principal)
    return CaseExport(
        exported_at=clock.now(),
        case=CaseOut.model_validate(export.case),
        activities=export.case.activities,
        access_log=export.accesses,
        retention_extension=export.extension,
    )


@router.post("/{case_id}/erase", response_model=CaseOut)
async def erase_beneficiary(case_id: uuid.UUID, principal: Mediator, db: DatabaseDep, keystore: KeystoreDep):
    """Erase the person's personal data (right to erasure), and their key, which opened every copy of it in
    the event log; activities stay, anonymous, for the counts."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await lifecycle.erase_beneficiary(uow=uow, case_id=case_id, by=principal, keystore=keystore)


@router.get("/{case_id}/access-log", response_model=list[AccessOut])
async def case_access_log(case_id: uuid.UUID, principal: Coordinator, db: DatabaseDep):
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        await queries.load_case(uow=uow, case_id=case_id)
        return await queries.access_log(uow=uow, case_id=case_id)


@access_router.get("", response_model=list[AccessOut])
async def tenant_access_log(principal: Coordinator, db: DatabaseDep):
    """Who read, exported or erased which case file, latest first (coordinators)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await queries.access_log(uow=uow)
