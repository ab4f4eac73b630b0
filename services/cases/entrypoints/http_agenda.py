"""The cases API: what is coming — appointments planned on a case, whether they took place, the agenda."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status

from cases.entrypoints.recording import plan_once
from cases.entrypoints.schemas import AgendaItemOut, PlannedAppointmentIn, PlannedAppointmentOut, SettlementIn
from cases.service_layer import agenda
from passerelle import clock
from passerelle.http.deps import DatabaseDep, Mediator
from passerelle.http.idempotency import IdempotencyKey

router = APIRouter(tags=["agenda"])


@router.post("/cases/{case_id}/appointments", status_code=status.HTTP_201_CREATED, response_model=PlannedAppointmentOut)
async def plan_appointment(
    case_id: uuid.UUID, body: PlannedAppointmentIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None
):
    """Plan an appointment on an open case (not in the past); an accompaniment says where to. With an
    `Idempotency-Key`, a repeated request plans nothing more and answers the first appointment."""
    return await plan_once(db, case_id=case_id, by=principal, fields=body.model_dump(), key=key)


@router.put("/cases/{case_id}/appointments/{appointment_id}", response_model=PlannedAppointmentOut)
async def reschedule_appointment(
    case_id: uuid.UUID, appointment_id: uuid.UUID, body: PlannedAppointmentIn, principal: Mediator, db: DatabaseDep
):
    """Move a planned appointment (its kind stays); 409 once it is settled."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await agenda.reschedule(
            uow=uow, case_id=case_id, appointment_id=appointment_id, **body.model_dump(exclude={"kind"})
        )


@router.post("/cases/{case_id}/appointments/{appointment_id}/settlement", response_model=PlannedAppointmentOut)
async def settle_appointment(
    case_id: uuid.UUID, appointment_id: uuid.UUID, body: SettlementIn, principal: Mediator, db: DatabaseDep
):
    """Held or missed once its day came (held records the activity, missed is counted), or cancelled."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await agenda.settle(
            uow=uow, case_id=case_id, appointment_id=appointment_id, by=principal.subject, **body.model_dump()
        )


@router.get("/appointments", response_model=list[AgendaItemOut])
async def read_agenda(
    principal: Mediator,
    db: DatabaseDep,
    start: Annotated[date | None, Query(alias="from", description="the first Paris day; today by default")] = None,
    days: Annotated[int, Query(ge=1, le=42)] = 7,
    team: Annotated[bool, Query(description="the whole team's, not only mine")] = False,
):
    """My appointments (or the team's) over `days` days from `from`, cancelled ones aside."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        entries = await agenda.agenda(
            uow, start=start or clock.today(), days=days, mediator=None if team else principal.subject
        )
    return [
        AgendaItemOut(
            **PlannedAppointmentOut.model_validate(e.appointment).model_dump(),
            last_name=e.case.last_name,
            first_name=e.case.first_name,
        )
        for e in entries
    ]
