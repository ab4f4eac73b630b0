"""Event handlers that feed the projections. Each fact is keyed by its own id, so a replay or a
redelivery that slipped past the inbox still counts once; a correction replaces the fact, a
deletion or a cancellation removes it (what is deleted or cancelled does not count)."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert

from passerelle.contracts.events import (
    CaseActivityDeleted, CaseActivityRecorded, CaseOpened, OutreachActionCancelled, OutreachActionRecorded,
)
from passerelle.db import UnitOfWork
from reporting.adapters.orm import activity_facts, case_facts, outreach_action_facts
from reporting.domain.model import ActivityFact, OutreachActionFact


async def case_opened(payload: CaseOpened, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(insert(case_facts).values(
        case_id=payload.case_id, tenant_id=uow.tenant, beneficiary_pid=payload.beneficiary_pid,
        opened_on=payload.opened_on, referral_id=payload.referral_id,
        referral_submitted_at=payload.referral_submitted_at,
    ).on_conflict_do_nothing())


async def activity_recorded(payload: CaseActivityRecorded, _envelope, uow: UnitOfWork) -> None:
    """A recorded activity, or its correction (case.activity_corrected carries the same fields)."""
    values = {"activity_id": payload.activity_id, "tenant_id": uow.tenant, "case_id": payload.case_id,
              "beneficiary_pid": payload.beneficiary_pid, "kind": payload.kind, "occurred_on": payload.occurred_on}
    await uow.session.execute(insert(activity_facts).values(values).on_conflict_do_update(
        index_elements=["activity_id"], set_=values))


async def activity_deleted(payload: CaseActivityDeleted, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(delete(ActivityFact).where(ActivityFact.activity_id == payload.activity_id))


async def outreach_action_recorded(payload: OutreachActionRecorded, _envelope, uow: UnitOfWork) -> None:
    """A recorded action, or its correction (outreach.action_updated carries the same fields)."""
    values = {"action_id": payload.action_id, "tenant_id": uow.tenant, "kind": payload.kind,
              "occurred_on": payload.occurred_on, "people_met": payload.people_met,
              "people_redirected": payload.people_redirected}
    await uow.session.execute(insert(outreach_action_facts).values(values).on_conflict_do_update(
        index_elements=["action_id"], set_=values))


async def outreach_action_cancelled(payload: OutreachActionCancelled, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(delete(OutreachActionFact).where(OutreachActionFact.action_id == payload.action_id))


HANDLERS = {
    "case.opened": case_opened,
    "case.activity_recorded": activity_recorded,
    "case.activity_corrected": activity_recorded,
    "case.activity_deleted": activity_deleted,
    "outreach.action_recorded": outreach_action_recorded,
    "outreach.action_updated": outreach_action_recorded,
    "outreach.action_cancelled": outreach_action_cancelled,
}
