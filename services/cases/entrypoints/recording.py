"""A case opened, an activity recorded or an appointment planned, once per idempotency key, from the API or
the case file's forms (passerelle.http.idempotency)."""

from __future__ import annotations

import uuid
from datetime import date

from cases.domain.agenda import PlannedAppointment
from cases.domain.model import Activity, Case
from cases.service_layer import agenda, opening, queries, timeline
from passerelle.auth import Principal
from passerelle.db import Database
from passerelle.http import idempotency


async def record_once(db: Database, *, case_id: uuid.UUID, by: Principal, fields: dict, key: str | None) -> Activity:
    """The activity this key records on this case for this mediator: now, or the one recorded the first time
    (even deleted since: the answer is the first one's)."""
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: timeline.record_activity(
            uow=uow, case_id=case_id, by=by, fields=fields, activity_id=new
        ),
        find=lambda uow, found: uow.get(Activity, found, what="activity"),
    )


async def open_once(
    db: Database,
    *,
    by: Principal,
    identity: dict,
    barriers: list[str],
    opened_on: date,
    key: str | None,
    outreach_action_id: uuid.UUID | None = None,
) -> Case:
    """The case this key opens for this mediator: now, or the one opened the first time (read again, and
    that read is in the access log)."""
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: opening.open_directly(
            uow=uow,
            by=by.subject,
            identity=identity,
            barriers=barriers,
            opened_on=opened_on,
            case_id=new,
            outreach_action_id=outreach_action_id,
        ),
        find=lambda uow, found: queries.read_case(uow=uow, case_id=found, by=by),
    )


async def plan_once(
    db: Database, *, case_id: uuid.UUID, by: Principal, fields: dict, key: str | None
) -> PlannedAppointment:
    """The appointment this key plans on this case for this mediator: now, or the one planned the first time."""
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: agenda.plan(uow=uow, case_id=case_id, by=by.subject, appointment_id=new, **fields),
        find=lambda uow, found: uow.get(PlannedAppointment, found, what="appointment"),
    )
