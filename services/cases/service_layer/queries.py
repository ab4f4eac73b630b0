"""Reading cases: the caseload, a case file (each read is logged), the export, the access log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from cases.domain.model import AccessLogEntry, Activity, Case, CaseStatus
from cases.domain.retention import RetentionExtension
from passerelle import clock
from passerelle.auth import Principal
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidTransition
from passerelle.people import PersonQuery


@dataclass(frozen=True)
class CaseloadFilter:
    status: str | None = None
    assigned_to: str | None = None
    inactive_days: int | None = None  # last activity older than this: people lost from sight
    name: str | None = None


async def load_case(*, uow: UnitOfWork, case_id: uuid.UUID, open_only: bool = False) -> Case:
    case = await uow.get(Case, case_id, what="case")
    if open_only and case.status != CaseStatus.OPEN:
        raise InvalidTransition(f"the case is {case.status}", current_state=case.status)
    return case


async def cases_by_id(uow: UnitOfWork, ids: set[uuid.UUID]) -> dict[uuid.UUID, Case]:
    """The tenant's cases with these ids, their timelines loaded."""
    if not ids:
        return {}
    query = select(Case).where(Case.id.in_(ids)).options(selectinload(Case.activities))
    return {case.id: case for case in await uow.session.scalars(query)}


async def read_case(*, uow: UnitOfWork, case_id: uuid.UUID, by: Principal) -> Case:
    """The case file, as a person reads it: the read is written to the access log."""
    case = await load_case(uow=uow, case_id=case_id)
    log_access(uow, case, by=by.subject, action="read")
    await uow.commit()
    return case


def log_access(uow: UnitOfWork, case: Case, *, by: str, action: str) -> None:
    """`by`: the subject of the person, or `retention` for the daily anonymisation."""
    uow.session.add(
        AccessLogEntry(id=uuid.uuid4(), tenant_id=uow.tenant, case_id=case.id, by=by, action=action, at=clock.now())
    )


def last_activity_on():
    """The day of a case's latest standing activity, or its opening day."""
    latest = (
        select(func.max(Activity.occurred_on))
        .where(Activity.case_id == Case.id, Activity.deleted_at.is_(None))
        .scalar_subquery()
    )
    return func.coalesce(latest, Case.opened_on)


async def caseload(*, uow: UnitOfWork, where: CaseloadFilter, limit: int, offset: int) -> tuple[list, int]:
    """One page of the tenant's cases with the day of their last activity, and how many match."""
    last = last_activity_on().label("last_activity_on")
    query = select(Case, last)
    if where.status:
        query = query.where(Case.status == where.status)
    if where.assigned_to:
        query = query.where(Case.assigned_to == where.assigned_to)
    if where.inactive_days is not None:
        query = query.where(last_activity_on() < clock.today() - timedelta(days=where.inactive_days))
    if where.name:
        pattern = f"%{where.name.strip()}%"
        query = query.where(or_(Case.last_name.ilike(pattern), Case.first_name.ilike(pattern)))
    total = await uow.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await uow.session.execute(query.order_by(last.asc(), Case.id).limit(limit).offset(offset))
    return [(row.Case, row.last_activity_on) for row in rows], total or 0


@dataclass(frozen=True)
class Export:
    """Everything held on the person in one case file, for their right of access."""

    case: Case
    accesses: list[AccessLogEntry]
    extension: RetentionExtension | None


async def export_case(*, uow: UnitOfWork, case_id: uuid.UUID, by: Principal) -> Export:
    """Everything held on the person in this case, for their right of access; the export is logged."""
    case = await load_case(uow=uow, case_id=case_id)
    log_access(uow, case, by=by.subject, action="export")
    await uow.commit()
    extension = await uow.session.get(RetentionExtension, case.id)
    return Export(case, await access_log(uow=uow, case_id=case_id), extension)


async def access_log(*, uow: UnitOfWork, case_id: uuid.UUID | None = None, limit: int = 500) -> list[AccessLogEntry]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.at.desc()).limit(limit)
    if case_id is not None:
        query = query.where(AccessLogEntry.case_id == case_id)
    return list(await uow.session.scalars(query))


async def names_of(*, uow: UnitOfWork, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The name of the person of each case (for the access log: reading it is not reading the files)."""
    if not case_ids:
        return {}
    rows = await uow.session.execute(select(Case.id, Case.last_name, Case.first_name).where(Case.id.in_(case_ids)))
    return {case_id: f"{last} {first}" for case_id, last, first in rows if last}


async def case_for_referral(*, uow: UnitOfWork, referral_id: uuid.UUID) -> Case | None:
    return await uow.session.scalar(select(Case).where(Case.referral_id == referral_id))


async def find_people(*, uow: UnitOfWork, query: PersonQuery, limit: int = 20) -> list[Case]:
    """The tenant's case files of the person typed (passerelle.people), the likeliest first, then the latest;
    an anonymised one has no name left to find."""
    if not query:
        return []
    where, alike = query.matching(Case)
    found = select(Case).where(where).order_by(alike.desc(), Case.opened_on.desc()).limit(limit)
    return list(await uow.session.scalars(found))
