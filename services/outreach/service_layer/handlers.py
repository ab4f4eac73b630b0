"""Use cases of the outreach service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select

from passerelle.auth import Principal
from passerelle.contracts.events import OutreachActionRecorded
from passerelle.db import UnitOfWork
from passerelle.errors import NotFound
from outreach.domain.model import OutreachAction


async def record_action(*, uow: UnitOfWork, by: Principal, fields: dict) -> OutreachAction:
    action = OutreachAction(id=uuid.uuid4(), tenant_id=uow.tenant, recorded_by=by.subject,
                            recorded_at=datetime.now(UTC), **fields)
    uow.session.add(action)
    uow.emit(OutreachActionRecorded(
        action_id=action.id, kind=action.kind, occurred_on=action.occurred_on, people_met=action.people_met,
        people_redirected=action.people_redirected,
    ), subject=action.id)
    await uow.commit()
    return action


async def get_action(*, uow: UnitOfWork, action_id: uuid.UUID) -> OutreachAction:
    action = await uow.session.get(OutreachAction, action_id)
    if action is None or action.tenant_id != uow.tenant:
        raise NotFound("outreach action")
    return action


async def list_actions(*, uow: UnitOfWork, limit: int, offset: int) -> list[OutreachAction]:
    query = select(OutreachAction).order_by(OutreachAction.occurred_on.desc()).limit(limit).offset(offset)
    return list(await uow.session.scalars(query))
