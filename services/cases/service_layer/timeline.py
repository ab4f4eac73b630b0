"""The case's timeline: recording, correcting and deleting activities; a procedure's status; an
orientation's outcome. Every change is an event, with the pseudonymous id only."""

from __future__ import annotations

import uuid
from datetime import date

from cases.domain.model import Activity, Case
from cases.service_layer.queries import load_case
from passerelle import clock
from passerelle.auth import Principal
from passerelle.contracts.events import (
    CaseActivityCorrected,
    CaseActivityDeleted,
    CaseActivityRecorded,
    CaseOrientationOutcomeRecorded,
    CaseProcedureStatusChanged,
)
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput


async def record_activity(
    *, uow: UnitOfWork, case_id: uuid.UUID, by: Principal, fields: dict, activity_id: uuid.UUID | None = None
) -> Activity:
    """Add an activity to the case's timeline and announce it (pseudonymously) to reporting.
    `activity_id`: the one its idempotency key names (passerelle.http.idempotency), else a new one."""
    case = await load_case(uow=uow, case_id=case_id)
    activity = add_activity(uow, case, author=by.subject, fields=fields, activity_id=activity_id)
    await uow.commit()
    return activity


def add_activity(uow: UnitOfWork, case: Case, *, author: str, fields: dict, activity_id: uuid.UUID | None) -> Activity:
    """The activity on the case's timeline (its rules checked first: nothing added when refused), announced."""
    activity = Activity(
        id=activity_id or uuid.uuid4(),
        tenant_id=uow.own_tenant,
        case_id=case.id,
        author=author,
        recorded_at=clock.now(),
        **split_fields(fields),
    )
    case.record_activity(activity)
    uow.emit(CaseActivityRecorded(**activity_event(case, activity)), subject=case.id)
    return activity


async def correct_activity(
    *, uow: UnitOfWork, case_id: uuid.UUID, activity_id: uuid.UUID, by: Principal, fields: dict
) -> Activity:
    """Correct an activity (same kind); what it was stays in the timeline as a revision."""
    case = await load_case(uow=uow, case_id=case_id, open_only=True)
    activity = case.activity(activity_id)
    corrected = split_fields(fields)
    if corrected["kind"] != activity.kind:
        raise InvalidInput("kind", "an activity keeps its kind; delete it and record another")
    case.require_after_receipt(activity.kind, corrected["occurred_on"])
    activity.revise("corrected", by=by.subject, at=clock.now())
    keep = {k: v for k, v in activity.details.items() if k in ("status", "history", "outcome", "outcome_on")}
    activity.occurred_on, activity.duration_minutes = corrected["occurred_on"], corrected["duration_minutes"]
    activity.comment, activity.details = corrected["comment"], {**corrected["details"], **keep}
    uow.emit(CaseActivityCorrected(**activity_event(case, activity)), subject=case.id)
    await uow.commit()
    return activity


async def delete_activity(*, uow: UnitOfWork, case_id: uuid.UUID, activity_id: uuid.UUID, by: Principal) -> None:
    case = await load_case(uow=uow, case_id=case_id, open_only=True)
    activity = case.activity(activity_id)
    now = clock.now()
    activity.revise("deleted", by=by.subject, at=now)
    activity.deleted_at = now
    uow.emit(
        CaseActivityDeleted(
            case_id=case.id, activity_id=activity.id, beneficiary_pid=case.beneficiary_pid, kind=activity.kind
        ),
        subject=case.id,
    )
    await uow.commit()


async def change_procedure_status(
    *, uow: UnitOfWork, case_id: uuid.UUID, activity_id: uuid.UUID, status: str, on: date
) -> Activity:
    case = await load_case(uow=uow, case_id=case_id)
    activity = case.activity(activity_id)
    activity.move_procedure_to(status, on=on)
    uow.emit(
        CaseProcedureStatusChanged(
            case_id=case.id,
            activity_id=activity.id,
            beneficiary_pid=case.beneficiary_pid,
            scheme=activity.details["scheme"],
            channel=activity.details["channel"],
            status=status,
            changed_on=on,
        ),
        subject=case.id,
    )
    await uow.commit()
    return activity


async def record_orientation_outcome(
    *, uow: UnitOfWork, case_id: uuid.UUID, activity_id: uuid.UUID, outcome: str, on: date
) -> Activity:
    """The closed loop of an orientation: did the person go? (May be known after the case closed.)"""
    case = await load_case(uow=uow, case_id=case_id)
    activity = case.activity(activity_id)
    activity.record_outcome(outcome, on=on)
    uow.emit(
        CaseOrientationOutcomeRecorded(
            case_id=case.id,
            activity_id=activity.id,
            beneficiary_pid=case.beneficiary_pid,
            outcome=outcome,
            recorded_on=on,
        ),
        subject=case.id,
    )
    await uow.commit()
    return activity


def split_fields(fields: dict) -> dict:
    """API fields → the activity's columns, and the rest of the kind's fields as its details."""
    columns = {name: fields.pop(name, None) for name in ("kind", "occurred_on", "duration_minutes", "comment")}
    details = {k: v for k, v in fields.items() if v is not None}
    if columns["kind"] == "procedure":
        details.setdefault("status", "started")
        details["history"] = [{"status": "started", "on": columns["occurred_on"].isoformat()}]
    return {**columns, "details": details}


def activity_event(case: Case, activity: Activity) -> dict:
    details = activity.details
    return {
        "case_id": case.id,
        "activity_id": activity.id,
        "beneficiary_pid": case.beneficiary_pid,
        "kind": activity.kind,
        "occurred_on": activity.occurred_on,
        "duration_minutes": activity.duration_minutes,
        "scheme": details.get("scheme"),
        "channel": details.get("channel"),
        "partner_type": details.get("partner_type"),
        "partner_name": details.get("partner_name"),
    }
