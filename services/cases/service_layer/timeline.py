"""The case's timeline: recording, correcting and deleting activities; a procedure's status; an
orientation's outcome. Every change is an event, with the pseudonymous id only."""

from __future__ import annotations

import uuid
from datetime import date

from cases.domain.model import Activity, Case
from cases.service_layer import partners
from cases.service_layer.queries import cases_by_id, load_case
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
    activity = await add_activity(uow, case, author=by.subject, fields=fields, activity_id=activity_id)
    await uow.commit()
    return activity


async def add_activity(
    uow: UnitOfWork, case: Case, *, author: str, fields: dict, activity_id: uuid.UUID | None
) -> Activity:
    """The activity on the case's timeline (its rules checked first: nothing added when refused), announced.
    An orientation names its structure from the directory (cases.service_layer.partners)."""
    fields = await partners.orientation_partner(uow, fields)
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
    corrected = split_fields(await partners.orientation_partner(uow, fields))
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


async def match_partner_name(
    uow: UnitOfWork, *, name: str, by: str, partner_id: uuid.UUID | None = None, new_type: str | None = None
) -> int:
    """Every orientation that gave `name` now names this partner, or a structure added under that name of
    type `new_type`: a correction each, kept in its history and announced. Returns how many."""
    matched = [a for a in await partners.unmatched_orientations(uow) if a.details["partner_name"] == name]
    if not matched:
        return 0  # matched already (a second tap, or another coordinator)
    if partner_id is not None:
        partner = await partners.usable_by_id(uow, partner_id)
    else:
        partner = partners.add_partner(uow, name=name, type=new_type or "association")
    cases = await cases_by_id(uow, {a.case_id for a in matched})
    for activity in matched:
        activity.revise("corrected", by=by, at=clock.now())
        activity.details = {**activity.details, "partner_id": str(partner.id), "partner_name": partner.name}
        case = cases[activity.case_id]
        uow.emit(CaseActivityCorrected(**activity_event(case, activity)), subject=case.id)
    await uow.commit()
    return len(matched)


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
        "partner_id": details.get("partner_id"),
    }
