"""An outreach action recorded once per idempotency key, from the API or the quick form
(passerelle.http.idempotency): a maraude's entry sent again after a lost network counts once."""

from __future__ import annotations

from outreach.domain.model import OutreachAction
from outreach.service_layer import actions
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
