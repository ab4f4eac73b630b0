"""What every importer does with its rows: name what a row makes, say what the schema refused, find
what an earlier import already made."""

from __future__ import annotations

import hashlib
import json
import uuid

from pydantic import ValidationError
from sqlalchemy import select

from passerelle.db import UnitOfWork
from passerelle.http.idempotency import created_id
from passerelle.imports.jobs import IMPORTER
from passerelle.imports.layouts import Layout, RowError
from passerelle.web.french import french_errors


def imported_id(uow: UnitOfWork, name: str) -> uuid.UUID:
    """The id of what a row names (`dossier D-0012`) in this tenant, whatever characters the file's
    identifier uses: the same in every import, so that a file imported twice creates nothing twice."""
    found = created_id(hashlib.sha256(name.encode()).hexdigest(), tenant=uow.own_tenant, caller=IMPORTER)
    assert found is not None  # a key was given
    return found


def derived_key(*parts) -> str:
    """A row's key from what it says, for a file that gives none."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:32]


def refusals(layout: Layout, line: int, exc: ValidationError) -> list[RowError]:
    """The schema's refusals, in French, under the file's column headers."""
    return [RowError(line, layout.header_of(path), message) for path, message in french_errors(exc).items()]


async def existing_ids(uow: UnitOfWork, kind, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `ids` that an earlier import (or this one) already made."""
    if not ids:
        return set()
    return set(await uow.session.scalars(select(kind.id).where(kind.id.in_(ids))))
