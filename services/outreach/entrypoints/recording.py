"""An outreach action, a series or a partner recorded once per idempotency key, from the API or the pages
(passerelle.http.idempotency): a maraude's entry sent again after a lost network counts once."""

from __future__ import annotations

from outreach.domain.model import OutreachAction, Partner
from outreach.service_layer import actions, partners
from passerelle.auth import Principal
from passerelle.db import Database
from passerelle.http import idempotency


async def record_once(db: Database, *, by: Principal, fields: dict, key: str | None) -> OutreachAction:
    """The action this key records for this mediator: now, or the one recorded the first time."""
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: actions.record_action(uow=uow, by=by, fields=fields, action_id=new),
        find=lambda uow, found: actions.get_action(uow=uow, action_id=found),
    )


async def register_once(db: Database, *, by: Principal, fields: dict, key: str | None) -> Partner:
    """The partner this key registers in this mediator's directory: now, or the one registered the first time."""
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: partners.register_partner(uow=uow, fields=fields, partner_id=new),
        find=lambda uow, found: uow.get(Partner, found, what="partner"),
    )


async def plan_once(db: Database, *, by: Principal, series: dict, key: str | None) -> list[OutreachAction]:
    """The series this key plans for this mediator: now, or the one planned the first time."""
    details = {name: value for name, value in series.items() if name not in ("kind", "first", "until")}
    return await idempotency.create_once(
        db,
        tenant=by.own_tenant,
        caller=by.subject,
        key=key,
        create=lambda uow, new: actions.plan_series(
            uow=uow,
            by=by,
            kind=series["kind"],
            first=series["first"],
            until=series["until"],
            details=details,
            series_id=new,
        ),
        find=lambda uow, found: actions.series(uow=uow, series_id=found),
    )
