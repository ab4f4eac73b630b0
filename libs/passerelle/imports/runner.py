"""The background pass that checks, then applies, imports: a batch at a time, in any replica.

An importer applies a batch of rows inside a unit of work through the service's use cases, without
committing: the check rolls it back, the import commits it with its progress (the job's row locked,
`FOR UPDATE SKIP LOCKED`, so that two replicas never apply the same batch)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select

from passerelle import clock
from passerelle.db import Database, UnitOfWork
from passerelle.imports.jobs import CHECKED, CHECKING, DONE, RUNNING, ImportJob
from passerelle.imports.layouts import Layout, RowError

log = logging.getLogger(__name__)
BATCH = 500
IDLE_SECONDS = 1.0


@dataclass
class Applied:
    """What a batch made: rows new, rows an earlier import had made, rows refused."""

    created: int = 0
    already: int = 0
    errors: list[RowError] = field(default_factory=list)


class Importer(Protocol):
    layout: Layout

    async def apply(self, uow: UnitOfWork, rows: list[tuple[int, dict[str, str]]], *, by: str) -> Applied: ...


async def run_imports(db: Database, jobs: type[ImportJob], importers: dict[str, Importer]) -> None:
    """Forever: the next batch of any import that is being checked or applied. `jobs`: the service's
    mapped import class."""
    while True:
        try:
            worked = await next_batch(db, jobs, importers)
        except Exception:
            log.exception("an import's batch failed; it is tried again")
            worked = False
        if not worked:
            await asyncio.sleep(IDLE_SECONDS)


async def next_batch(db: Database, jobs: type[ImportJob], importers: dict[str, Importer]) -> bool:
    """One batch of the oldest import under way; False when there is none."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason="the imports under way, any tenant") as lookup:
        waiting = (
            await lookup.session.execute(
                select(jobs.id, jobs.tenant_id).where(jobs.status.in_((CHECKING, RUNNING))).order_by(jobs.uploaded_at)
            )
        ).all()
    for job_id, tenant in waiting:
        if await _batch(db, jobs, importers, job_id, tenant):
            return True
    return False


async def _batch(db: Database, jobs: type[ImportJob], importers: dict[str, Importer], job_id, tenant: str) -> bool:
    async with db.unit_of_work(tenant=tenant) as uow:
        job = await uow.session.scalar(select(jobs).where(jobs.id == job_id).with_for_update(skip_locked=True))
        if job is None or job.status not in (CHECKING, RUNNING):
            return False  # another replica has it, or it moved on
        rows = [(line, row) for line, row in job.rows[job.done : job.done + BATCH]]
        importer = importers[job.layout]
        if job.status == CHECKING:
            applied = await _check(db, tenant, importer, rows, by=job.uploaded_by)
        else:  # the batch's facts, committed with the progress: a restart resumes at the next row
            applied = await importer.apply(uow, rows, by=job.uploaded_by)
        job.done += len(rows)
        job.created, job.already = job.created + applied.created, job.already + applied.already
        job.errors = [*job.errors, *([e.row, e.column, e.message] for e in applied.errors)]
        if job.done >= job.total:
            _finish(job)
        await uow.commit()
    return True


async def _check(db: Database, tenant: str, importer: Importer, rows, *, by: str) -> Applied:
    """The rows through the use cases in a unit of work never committed: their events neither."""
    async with db.unit_of_work(tenant=tenant) as trial:
        return await importer.apply(trial, rows, by=by)


def _finish(job: ImportJob) -> None:
    if job.status == CHECKING:
        job.status, job.done = CHECKED, 0  # counted again when applied
    else:
        job.status, job.rows, job.finished_at = DONE, [], clock.now()


def confirm(job: ImportJob) -> None:
    """A coordinator confirms a checked file without errors: it is applied from its first row."""
    job.status, job.done, job.created, job.already = RUNNING, 0, 0, 0
