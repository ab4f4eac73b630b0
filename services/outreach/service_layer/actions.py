"""Use cases of outreach actions: record, plan a series, record an occurrence, cancel, redirect."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from outreach.domain.model import ActionStatus, OutreachAction, check_head_counts, weekly_dates
from outreach.service_layer.partners import require_usable_partners
from passerelle import clock
from passerelle.auth import Principal
from passerelle.contracts.events import (
    CaseOpened,
    OutreachActionCancelled,
    OutreachActionRecorded,
    OutreachActionUpdated,
    OutreachPersonRedirected,
)
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput, InvalidTransition, NotFound


@dataclass(frozen=True)
class ActionFilter:
    kind: str | None = None
    theme: str | None = None
    commune: str | None = None
    start: date | None = None
    end: date | None = None  # included
    partner_id: uuid.UUID | None = None
    status: str | None = None


async def record_action(
    *, uow: UnitOfWork, by: Principal, fields: dict, action_id: uuid.UUID | None = None
) -> OutreachAction:
    """An action that happened, with its anonymous head counts. `action_id`: the one its idempotency key
    names (passerelle.http.idempotency), else a new one."""
    await require_usable_partners(uow=uow, partner_ids=fields.get("partner_ids"))
    action = add_action(uow, recorded_by=by.subject, fields=fields, action_id=action_id)
    await uow.commit()
    return action


def add_action(uow: UnitOfWork, *, recorded_by: str, fields: dict, action_id: uuid.UUID | None) -> OutreachAction:
    """The action added and announced, its rules checked first (the partners' use: the caller's)."""
    if fields["occurred_on"] > clock.today():
        raise InvalidInput("occurred_on", "an action is recorded once it has happened; plan it as a series")
    check_head_counts(fields["people_met"], fields["people_redirected"])
    action = OutreachAction(
        id=action_id or uuid.uuid4(), tenant_id=uow.tenant, recorded_by=recorded_by, recorded_at=clock.now(), **fields
    )
    uow.session.add(action)
    uow.emit(OutreachActionRecorded(**action_event(action)), subject=action.id)
    return action


async def plan_series(
    *,
    uow: UnitOfWork,
    by: Principal,
    kind: str,
    first: date,
    until: date,
    details: dict,
    series_id: uuid.UUID | None = None,
) -> list[OutreachAction]:
    """A weekly drop-in or walking group: one planned occurrence per week, each recorded later.
    `series_id`: the one its idempotency key names, else a new one; the occurrences' ids derive from
    it, so a series planned again with its key collides on its first occurrence."""
    await require_usable_partners(uow=uow, partner_ids=details.get("partner_ids"))
    series_id, now = series_id or uuid.uuid4(), clock.now()
    occurrences = [
        OutreachAction(
            id=uuid.uuid5(series_id, f"occurrence {n}"),
            tenant_id=uow.tenant,
            kind=kind,
            occurred_on=day,
            recorded_by=by.subject,
            recorded_at=now,
            status=ActionStatus.PLANNED,
            series_id=series_id,
            **details,
        )
        for n, day in enumerate(weekly_dates(first, until))
    ]
    uow.session.add_all(occurrences)
    await uow.commit()
    return occurrences


async def series(*, uow: UnitOfWork, series_id: uuid.UUID) -> list[OutreachAction]:
    """A series' occurrences, in their order."""
    query = select(OutreachAction).where(OutreachAction.series_id == series_id).order_by(OutreachAction.occurred_on)
    occurrences = list(await uow.session.scalars(query))
    if not occurrences:
        raise NotFound("series")
    return occurrences


async def record_occurrence(*, uow: UnitOfWork, action_id: uuid.UUID, fields: dict) -> OutreachAction:
    """Record a planned occurrence, or correct a recorded action: reporting counts the new figures."""
    await require_usable_partners(uow=uow, partner_ids=fields.get("partner_ids"))
    action = await get_action(uow=uow, action_id=action_id)
    was_recorded = action.status == ActionStatus.RECORDED
    action.record(today=clock.today(), **fields)
    event = OutreachActionUpdated if was_recorded else OutreachActionRecorded
    uow.emit(event(**action_event(action)), subject=action.id)
    await uow.commit()
    return action


async def cancel_action(*, uow: UnitOfWork, action_id: uuid.UUID) -> OutreachAction:
    action = await get_action(uow=uow, action_id=action_id)
    was_recorded = action.status == ActionStatus.RECORDED
    action.cancel()
    if was_recorded:  # a planned occurrence was never announced
        uow.emit(OutreachActionCancelled(action_id=action.id, kind=action.kind), subject=action.id)
    await uow.commit()
    return action


async def redirect_person(*, uow: UnitOfWork, action_id: uuid.UUID, channel: str) -> OutreachAction:
    """A person met is being referred (or followed): say so; their identity is typed elsewhere."""
    action = await get_action(uow=uow, action_id=action_id)
    if action.status != ActionStatus.RECORDED:
        raise InvalidTransition("record the action before redirecting people met there", current_state=action.status)
    uow.emit(
        OutreachPersonRedirected(action_id=action.id, channel=channel, redirected_on=clock.today()), subject=action.id
    )
    await uow.commit()
    return action


async def follow_up_opened(payload: CaseOpened, _envelope, uow: UnitOfWork) -> None:
    """A mediator opened a follow-up (the cases service's « Ouvrir un accompagnement ») for a person met
    during one of the tenant's recorded actions: counted there as redirected, and reporting follows."""
    if payload.outreach_action_id is None:
        return
    try:
        action = await get_action(uow=uow, action_id=payload.outreach_action_id)
    except NotFound:
        return  # not this tenant's action: nothing to count
    if action.status != ActionStatus.RECORDED:
        return
    action.count_follow_up()
    uow.emit(OutreachActionUpdated(**action_event(action)), subject=action.id)


async def get_action(*, uow: UnitOfWork, action_id: uuid.UUID) -> OutreachAction:
    return await uow.get(OutreachAction, action_id, what="outreach action")


async def list_actions(*, uow: UnitOfWork, where: ActionFilter, limit: int, offset: int):
    query = select(OutreachAction)
    for column, value in ((OutreachAction.kind, where.kind), (OutreachAction.status, where.status)):
        if value:
            query = query.where(column == value)
    if where.theme:
        query = query.where(OutreachAction.themes.any(where.theme))
    if where.commune:
        query = query.where(OutreachAction.commune.ilike(where.commune.strip()))
    if where.partner_id:
        query = query.where(OutreachAction.partner_ids.any(where.partner_id))
    if where.start:
        query = query.where(OutreachAction.occurred_on >= where.start)
    if where.end:
        query = query.where(OutreachAction.occurred_on <= where.end)
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    page = query.order_by(OutreachAction.occurred_on.desc(), OutreachAction.id).limit(limit).offset(offset)
    return list(await uow.session.scalars(page)), total


def action_event(action: OutreachAction) -> dict:
    return {
        "action_id": action.id,
        "kind": action.kind,
        "occurred_on": action.occurred_on,
        "people_met": action.people_met,
        "people_redirected": action.people_redirected,
        "duration_minutes": action.duration_minutes,
        "commune": action.commune,
        "themes": tuple(action.themes),
        "partner_ids": tuple(action.partner_ids),
    }
