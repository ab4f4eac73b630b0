"""A referral submitted once per idempotency key, whichever way it comes: the API, the public APIs,
the fiche page (passerelle.http.idempotency)."""

from __future__ import annotations

from passerelle.db import Database
from passerelle.http import idempotency
from referral.domain.model import Referral
from referral.service_layer import handlers, queries


async def submit_once(db: Database, *, tenant: str, submitted_by: str, fields: dict, key: str | None) -> Referral:
    """The referral this key submits for this submitter: stored now, or the one stored the first time."""
    return await idempotency.create_once(
        db,
        tenant=tenant,
        caller=submitted_by,
        key=key,
        create=lambda uow, new: handlers.submit_referral(
            uow=uow, submitted_by=submitted_by, fields=fields, referral_id=new
        ),
        find=lambda uow, found: queries.get_referral(uow=uow, referral_id=found),
    )
