"""The cases API: the timeline of activities."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from cases.entrypoints.recording import record_once
from cases.entrypoints.schemas import ActivityIn, ActivityOut, OutcomeIn, ProcedureStatusIn
from cases.service_layer import timeline
from passerelle.http.deps import DatabaseDep, Mediator
from passerelle.http.idempotency import IdempotencyKey

router = APIRouter(prefix="/cases/{case_id}/activities", tags=["timeline"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ActivityOut)
async def record_activity(
    case_id: uuid.UUID, body: ActivityIn, principal: Mediator, db: DatabaseDep, key: IdempotencyKey = None
):
    """Record an activity: appointment, procedure, accompaniment, orientation, booked medical
    appointment, coordination meeting or note. With an `Idempotency-Key`, a repeated request records
    nothing more and answers the first activity."""
    return await record_once(db, case_id=case_id, by=principal, fields=body.model_dump(), key=key)


@router.put("/{activity_id}", response_model=ActivityOut)
async def correct_activity(
    case_id: uuid.UUID, activity_id: uuid.UUID, body: ActivityIn, principal: Mediator, db: DatabaseDep
):
    """Correct an activity; what it was stays in its revisions."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await timeline.correct_activity(
            uow=uow, case_id=case_id, activity_id=activity_id, by=principal, fields=body.model_dump()
        )


@router.delete("/{activity_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_activity(case_id: uuid.UUID, activity_id: uuid.UUID, principal: Mediator, db: DatabaseDep):
    """Delete an activity: it leaves the timeline and the counts; the deletion is kept in its revisions."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        await timeline.delete_activity(uow=uow, case_id=case_id, activity_id=activity_id, by=principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{activity_id}/procedure-status", response_model=ActivityOut)
async def change_procedure_status(
    case_id: uuid.UUID, activity_id: uuid.UUID, body: ProcedureStatusIn, principal: Mediator, db: DatabaseDep
):
    """Move a procedure on: started → submitted → granted | refused (409 otherwise)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await timeline.change_procedure_status(
            uow=uow, case_id=case_id, activity_id=activity_id, status=body.status, on=body.changed_on
        )


@router.post("/{activity_id}/outcome", response_model=ActivityOut)
async def record_orientation_outcome(
    case_id: uuid.UUID, activity_id: uuid.UUID, body: OutcomeIn, principal: Mediator, db: DatabaseDep
):
    """Did the person go where they were oriented? followed, not_followed or unknown."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        return await timeline.record_orientation_outcome(
            uow=uow, case_id=case_id, activity_id=activity_id, outcome=body.outcome, on=body.recorded_on
        )
