"""Use cases of the cases service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from passerelle.auth import Principal
from passerelle.contracts.events import CaseActivityRecorded, CaseOpened, ReferralAccepted
from passerelle.db import UnitOfWork
from passerelle.errors import NotFound
from cases.domain.model import Activity, Case

PARIS = ZoneInfo("Europe/Paris")


async def open_case_from_referral(payload: ReferralAccepted, _envelope, uow: UnitOfWork) -> None:
    """Open the case of an accepted referral, once (a second delivery finds it already open)."""
    existing = await uow.session.scalar(select(Case.id).where(Case.referral_id == payload.referral_id))
    if existing is not None:
        return
    case = Case(
        id=uuid.uuid4(), tenant_id=uow.tenant, beneficiary_pid=payload.beneficiary_pid,
        opened_on=payload.accepted_at.astimezone(PARIS).date(), opened_at=payload.accepted_at,
        referral_id=payload.referral_id, referral_submitted_at=payload.submitted_at,
    )
    uow.session.add(case)
    uow.emit(CaseOpened(
        case_id=case.id, beneficiary_pid=case.beneficiary_pid, referral_id=case.referral_id,
        referral_submitted_at=case.referral_submitted_at, opened_on=case.opened_on,
    ), subject=case.id)


async def get_case(*, uow: UnitOfWork, case_id: uuid.UUID) -> Case:
    case = await uow.session.get(Case, case_id)
    if case is None or case.tenant_id != uow.tenant:
        raise NotFound("case")
    return case


async def list_cases(*, uow: UnitOfWork, referral_id: uuid.UUID | None, limit: int, offset: int) -> list[Case]:
    query = select(Case).order_by(Case.opened_at.desc()).limit(limit).offset(offset)
    if referral_id:
        query = query.where(Case.referral_id == referral_id)
    return list(await uow.session.scalars(query))


async def record_activity(*, uow: UnitOfWork, case_id: uuid.UUID, by: Principal, fields: dict) -> Activity:
    """Add an activity to the case's timeline and announce it (pseudonymously) to reporting."""
    case = await get_case(uow=uow, case_id=case_id)
    activity = Activity(id=uuid.uuid4(), tenant_id=uow.tenant, case_id=case.id, author=by.subject,
                        recorded_at=datetime.now(UTC), **fields)
    case.record_activity(activity)
    uow.emit(CaseActivityRecorded(
        case_id=case.id, activity_id=activity.id, beneficiary_pid=case.beneficiary_pid, kind=activity.kind,
        occurred_on=activity.occurred_on, duration_minutes=activity.duration_minutes,
    ), subject=case.id)
    await uow.commit()
    return activity
