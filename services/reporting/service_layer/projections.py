"""Event handlers that feed the projections. Each insert is keyed by the fact's own id, so a
replay or a redelivery that slipped past the inbox still counts once."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from passerelle.contracts.events import CaseActivityRecorded, CaseOpened, OutreachActionRecorded
from passerelle.db import UnitOfWork
from reporting.adapters.orm import activity_facts, case_facts, outreach_action_facts


async def case_opened(payload: CaseOpened, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(insert(case_facts).values(
        case_id=payload.case_id, tenant_id=uow.tenant, beneficiary_pid=payload.beneficiary_pid,
        opened_on=payload.opened_on, referral_id=payload.referral_id,
        referral_submitted_at=payload.referral_submitted_at,
    ).on_conflict_do_nothing())


async def activity_recorded(payload: CaseActivityRecorded, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(insert(activity_facts).values(
        activity_id=payload.activity_id, tenant_id=uow.tenant, case_id=payload.case_id,
        beneficiary_pid=payload.beneficiary_pid, kind=payload.kind, occurred_on=payload.occurred_on,
    ).on_conflict_do_nothing())


async def outreach_action_recorded(payload: OutreachActionRecorded, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(insert(outreach_action_facts).values(
        action_id=payload.action_id, tenant_id=uow.tenant, kind=payload.kind, occurred_on=payload.occurred_on,
        people_met=payload.people_met, people_redirected=payload.people_redirected,
    ).on_conflict_do_nothing())


HANDLERS = {
    "case.opened": case_opened,
    "case.activity_recorded": activity_recorded,
    "outreach.action_recorded": outreach_action_recorded,
}
