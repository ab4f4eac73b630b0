"""A creation made once, however often it is asked for: a reload, a double tap, a retried request.

The caller names its creation with a key: the `Idempotency-Key` header on the APIs, a hidden field
generated with each page's form. The created thing's id is derived from the key, the tenant and the
caller (`created_id`), so a second creation with the same key collides with the first on its primary
key, in the same transaction as everything else it would write (its events included): it is rolled
back whole, and the answer is the first creation's, read again (`create_once`). Concurrent requests
with one key wait on each other in the database; one creates, the others read what it created.

Without a key, a creation is simply made (API clients that send none keep working).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Header
from sqlalchemy.exc import IntegrityError

from passerelle.db import Database, UnitOfWork
from passerelle.errors import InvalidInput, NotFound

HEADER = "Idempotency-Key"
FORM_FIELD = "cle_envoi"  # the pages' hidden field, generated with the form
NAMESPACE = uuid.UUID("0b7f3c2e-5d0a-4f51-9a57-3f6f1c1f6b2d")  # Passerelle's, for uuid5
KEY = re.compile(r"^[\x21-\x7e]{8,200}$")  # visible ASCII: a UUID, a ULID, a client's own scheme

Created = TypeVar("Created")


def created_id(key: str | None, *, tenant: str, caller: str) -> uuid.UUID | None:
    """The id of the thing this key creates for this caller in this tenant; None without a key."""
    if key is None:
        return None
    if not KEY.match(key):
        raise InvalidInput(HEADER, "8 to 200 visible characters (a UUID, for instance)")
    return uuid.uuid5(NAMESPACE, f"{tenant}\x1f{caller}\x1f{key}")


def new_form_key() -> str:
    """A key for one page's form: each display of the form may create once."""
    return str(uuid.uuid4())


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=HEADER,
        description=(
            "Names this creation: a retry with the same key (after a timeout, a lost answer) creates nothing "
            "more and gets the first answer again. 8 to 200 visible characters, a UUID for instance; "
            "the key is the caller's own (it is never shared between callers nor tenants)."
        ),
    ),
]


async def create_once(
    db: Database,
    *,
    tenant: str,
    caller: str,
    key: str | None,
    create: Callable[[UnitOfWork, uuid.UUID | None], Awaitable[Created]],
    find: Callable[[UnitOfWork, uuid.UUID], Awaitable[Created]],
) -> Created:
    """What `key` creates for `caller` in `tenant`: `create` writes it now with the id the key names (None
    without a key: a new one), or `find` reads back the one the key already made (find's NotFound means
    another constraint failed, not a repetition)."""
    created = created_id(key, tenant=tenant, caller=caller)
    try:
        async with db.unit_of_work(tenant=tenant) as uow:
            return await create(uow, created)
    except IntegrityError as collision:
        if created is None:
            raise
        try:
            async with db.unit_of_work(tenant=tenant) as uow:
                return await find(uow, created)
        except NotFound:
            raise collision from None
