"""Event handlers that feed the projections. Each fact is keyed by its own id, so a replay or a
redelivery that slipped past the inbox still counts once; a correction replaces the fact, a
deletion or a cancellation removes it (what is deleted or cancelled does not count). An erased
beneficiary changes nothing here: the facts only ever held the pseudonymous id.

Handlers only write, never read: the rebuild relies on it to send their statements together (recorded_writes)."""

from __future__ import annotations

import functools

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert

from passerelle.clock import paris_day
from passerelle.contracts import events as e
from passerelle.db import UnitOfWork
from reporting.adapters.orm import (
    activity_facts,
    case_facts,
    closure_facts,
    missed_appointment_facts,
    outreach_action_facts,
    partner_facts,
    referral_facts,
)
from reporting.domain.model import ActivityFact, CaseFact, ClosureFact, OutreachActionFact, ReferralFact

FACT_TENANT = "fact_tenant"  # an update's tenant, bound in its WHERE clause (_update_by_key)


async def _upsert(uow: UnitOfWork, table, key: str, values: dict) -> None:
    """Insert the fact, or replace the columns given (an orientation's outcome survives its correction)."""
    values = {**values, "tenant_id": uow.tenant}
    await uow.session.execute(upsert_statement(table, key, tuple(values)), values)


@functools.cache
def upsert_statement(table, key: str, columns: tuple[str, ...]):
    """Built once per shape, values bound at execution: a rebuild runs it a million times."""
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=[key], set_={name: statement.excluded[name] for name in columns}
    )


async def _update_by_key(uow: UnitOfWork, model, values: dict) -> None:
    """Change the columns given of the tenant's fact whose key (the primary key) `values` names; no such
    fact, no change. SQLAlchemy's bulk UPDATE by primary key, one statement for every change of `model`, so
    that a rebuild sends a run of them at once; `values` goes as a list (a lone dict would be the
    parameters of an UPDATE without WHERE)."""
    await uow.session.execute(_update_statement(model), [{**values, FACT_TENANT: uow.tenant}])


@functools.cache
def _update_statement(model):
    """The tenant in the WHERE clause (beside the tenancy's own criteria) also tells SQLAlchemy not to
    expect a row for each key: an outcome or a decision for a fact not projected is no error."""
    return update(model).where(model.tenant_id == bindparam(FACT_TENANT)).execution_options(synchronize_session=False)


async def case_opened(payload: e.CaseOpened, _envelope, uow: UnitOfWork) -> None:
    await _upsert(
        uow,
        case_facts,
        "case_id",
        {
            "case_id": payload.case_id,
            "beneficiary_pid": payload.beneficiary_pid,
            "opened_on": payload.opened_on,
            "referral_id": payload.referral_id,
            "referral_submitted_at": payload.referral_submitted_at,
        },
    )


async def case_dates_corrected(payload: e.CaseDatesCorrected, _envelope, uow: UnitOfWork) -> None:
    """The opening counts on its corrected day; the last closure too (the latest one recorded)."""
    await uow.session.execute(
        update(CaseFact).where(CaseFact.case_id == payload.case_id).values(opened_on=payload.opened_on)
    )
    if payload.closed_on is not None:
        last = (
            select(ClosureFact.event_id)
            .where(ClosureFact.case_id == payload.case_id)
            .order_by(ClosureFact.closed_at.desc())
            .limit(1)
            .scalar_subquery()
        )
        await uow.session.execute(
            update(ClosureFact).where(ClosureFact.event_id == last).values(closed_on=payload.closed_on)
        )


async def activity_recorded(payload: e.CaseActivityRecorded, _envelope, uow: UnitOfWork) -> None:
    """A recorded activity, or its correction (case.activity_corrected carries the same fields)."""
    await _upsert(
        uow,
        activity_facts,
        "activity_id",
        {
            "activity_id": payload.activity_id,
            "case_id": payload.case_id,
            "beneficiary_pid": payload.beneficiary_pid,
            "kind": payload.kind,
            "occurred_on": payload.occurred_on,
            "scheme": payload.scheme,
            "channel": payload.channel,
            "partner_name": payload.partner_name,
            "partner_id": payload.partner_id,
        },
    )


async def activity_deleted(payload: e.CaseActivityDeleted, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(delete(ActivityFact).where(ActivityFact.activity_id == payload.activity_id))


async def orientation_outcome(payload: e.CaseOrientationOutcomeRecorded, _envelope, uow: UnitOfWork) -> None:
    """The outcome counts for the orientation's own date, whenever it was learnt."""
    await _update_by_key(uow, ActivityFact, {"activity_id": payload.activity_id, "outcome": payload.outcome})


async def appointment_missed(payload: e.CaseAppointmentMissed, _envelope, uow: UnitOfWork) -> None:
    await _upsert(
        uow,
        missed_appointment_facts,
        "appointment_id",
        {
            "appointment_id": payload.appointment_id,
            "case_id": payload.case_id,
            "beneficiary_pid": payload.beneficiary_pid,
            "kind": payload.kind,
            "missed_on": payload.missed_on,
        },
    )


async def case_closed(payload: e.CaseClosed, envelope, uow: UnitOfWork) -> None:
    await _upsert(
        uow,
        closure_facts,
        "event_id",
        {
            "event_id": envelope.id,
            "case_id": payload.case_id,
            "closed_on": payload.closed_on,
            "closed_at": envelope.time,
            "outcome": payload.outcome,
            "satisfaction": payload.satisfaction,
        },
    )


async def action_recorded(payload: e.OutreachActionRecorded, _envelope, uow: UnitOfWork) -> None:
    """A recorded action, or its correction (outreach.action_updated carries the same fields)."""
    await _upsert(
        uow,
        outreach_action_facts,
        "action_id",
        {
            "action_id": payload.action_id,
            "kind": payload.kind,
            "occurred_on": payload.occurred_on,
            "people_met": payload.people_met,
            "people_redirected": payload.people_redirected,
            "partner_ids": list(payload.partner_ids),
            "themes": list(payload.themes),
        },
    )


async def action_cancelled(payload: e.OutreachActionCancelled, _envelope, uow: UnitOfWork) -> None:
    await uow.session.execute(delete(OutreachActionFact).where(OutreachActionFact.action_id == payload.action_id))


async def partner_registered(payload: e.PartnerRegistered, _envelope, uow: UnitOfWork) -> None:
    await _upsert(uow, partner_facts, "partner_id", {"partner_id": payload.partner_id, "name": payload.name})


async def referral_received(
    payload: e.ReferralSubmitted | e.ReferralReceivedByTransfer, _envelope, uow: UnitOfWork
) -> None:
    transferred = isinstance(payload, e.ReferralReceivedByTransfer)
    received_at = payload.received_at if transferred else payload.submitted_at
    await _upsert(
        uow,
        referral_facts,
        "referral_id",
        {
            "referral_id": payload.referral_id,
            "source": payload.source,
            "reasons": list(payload.reasons),
            "difficulties": list(payload.difficulties),
            "received_on": paris_day(received_at),
            "transferred_in": transferred,
        },
    )


async def referral_receipt_corrected(payload: e.ReferralReceiptCorrected, _envelope, uow: UnitOfWork) -> None:
    """The referral counts on its corrected day, and the delay to the first appointment starts there."""
    await uow.session.execute(
        update(ReferralFact)
        .where(ReferralFact.referral_id == payload.referral_id)
        .values(received_on=paris_day(payload.submitted_at))
    )
    await uow.session.execute(
        update(CaseFact)
        .where(CaseFact.referral_id == payload.referral_id)
        .values(referral_submitted_at=payload.submitted_at)
    )


def referral_decided(decision: str, moment: str):
    async def handle(payload, _envelope, uow: UnitOfWork) -> None:
        await _update_by_key(
            uow,
            ReferralFact,
            {
                "referral_id": payload.referral_id,
                "decision": decision,
                "decided_on": paris_day(getattr(payload, moment)),
            },
        )

    return handle


HANDLERS = {
    "case.opened": case_opened,
    "case.dates_corrected": case_dates_corrected,
    "case.activity_recorded": activity_recorded,
    "case.activity_corrected": activity_recorded,
    "case.activity_deleted": activity_deleted,
    "case.orientation_outcome_recorded": orientation_outcome,
    "case.appointment_missed": appointment_missed,
    "case.closed": case_closed,
    "outreach.action_recorded": action_recorded,
    "outreach.action_updated": action_recorded,
    "outreach.action_cancelled": action_cancelled,
    "partner.registered": partner_registered,
    "partner.updated": partner_registered,
    "referral.submitted": referral_received,
    "referral.received_by_transfer": referral_received,
    "referral.receipt_corrected": referral_receipt_corrected,
    "referral.accepted": referral_decided("accepted", "accepted_at"),
    "referral.declined": referral_decided("declined", "declined_at"),
    "referral.transferred": referral_decided("transferred", "transferred_at"),
}
