"""A case's life: closing, reopening, assignment, transfer to another tenant, erasure."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from cases.domain.model import Case
from cases.domain.retention import RetentionExtension
from cases.service_layer.queries import case_for_referral, load_case, log_access
from passerelle import clock
from passerelle.auth import Principal
from passerelle.contracts.events import (
    BeneficiaryErased,
    CaseClosed,
    CaseDatesCorrected,
    CaseReceivedByTransfer,
    CaseReopened,
    CaseTransferred,
    ReferralConsentWithdrawn,
)
from passerelle.db import UnitOfWork
from passerelle.keystore import KeyStore
from passerelle.registry import require_transfer_target

WITHDRAWAL = "withdrawal"  # the access log's author of an erasure that followed a withdrawn consent


async def close_case(*, uow: UnitOfWork, case_id: uuid.UUID, outcome: str, satisfaction: int | None, on: date) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    case.close(outcome=outcome, satisfaction=satisfaction, on=on, at=clock.now())
    announce_closure(uow, case)
    await uow.commit()
    return case


def announce_closure(uow: UnitOfWork, case: Case) -> None:
    assert case.closed_on is not None and case.closure_outcome is not None
    uow.emit(
        CaseClosed(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            referral_id=case.referral_id,
            closed_on=case.closed_on,
            outcome=case.closure_outcome,
            satisfaction=case.satisfaction,
        ),
        subject=case.id,
    )


async def reopen_case(*, uow: UnitOfWork, case_id: uuid.UUID, on: date) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    case.reopen(on=on)
    uow.emit(
        CaseReopened(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            referral_id=case.referral_id,
            reopened_on=on,
        ),
        subject=case.id,
    )
    await uow.commit()
    return case


async def correct_dates(*, uow: UnitOfWork, case_id: uuid.UUID, opened_on: date | None, closed_on: date | None) -> Case:
    """Correct the day the case opened, or its last closure's: reporting counts them on the new days."""
    case = await load_case(uow=uow, case_id=case_id)
    case.correct_dates(opened_on=opened_on, closed_on=closed_on)
    uow.emit(
        CaseDatesCorrected(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            opened_on=case.opened_on,
            closed_on=case.closed_on,
        ),
        subject=case.id,
    )
    await uow.commit()
    return case


async def correct_identity(*, uow: UnitOfWork, case_id: uuid.UUID, identity: dict, by: str) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    case.correct_identity(identity, by=by, at=clock.now())
    await uow.commit()
    return case


async def assign_case(*, uow: UnitOfWork, case_id: uuid.UUID, mediator: str) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    case.assigned_to = mediator
    await uow.commit()
    return case


async def transfer_case(*, uow: UnitOfWork, case_id: uuid.UUID, to_tenant: str, keystore: KeyStore) -> Case:
    """Hand the case whole to another tenant (the person moved); keep only a tombstone here, and destroy
    this tenant's key of the person: the copy its referral sealed in the log opens no more."""
    case = await load_case(uow=uow, case_id=case_id)
    await require_transfer_target(uow=uow, to_tenant=to_tenant, owner=case.tenant_id)
    await keystore.destroy(case.tenant_id, case.beneficiary_pid)
    await drop_extension(uow, case)
    now = clock.now()
    received = case.transfer_to(to_tenant, at=now)
    uow.emit(
        CaseTransferred(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            to_tenant=to_tenant,
            transferred_on=clock.paris_day(now),
        ),
        subject=case.id,
    )
    with uow.acting_for(to_tenant):
        uow.session.add(received)
        await uow.session.flush()
        uow.emit(
            CaseReceivedByTransfer(
                case_id=received.id,
                beneficiary_pid=received.beneficiary_pid,
                from_tenant=case.tenant_id,
                opened_on=received.opened_on,
            ),
            subject=received.id,
        )
    await uow.commit()
    return case


async def erase_beneficiary(*, uow: UnitOfWork, case_id: uuid.UUID, by: Principal, keystore: KeyStore) -> Case:
    """At the person's request: erase their personal data here, destroy their key (what it sealed in the
    event log never opens again), and tell the other services."""
    case = await load_case(uow=uow, case_id=case_id)
    await _erase(uow, case, keystore, by=by.subject)
    await uow.commit()
    return case


def erase_on_withdrawal(keystore: KeyStore | None):
    """The consumer's handler of referral.consent_withdrawn: the consent the case was opened on is gone, so
    the case file opened from that referral is erased as at the person's request (the mediator may open
    another, directly, if the person still wants to be accompanied)."""

    async def handle(payload: ReferralConsentWithdrawn, _envelope, uow: UnitOfWork) -> None:
        case = await case_for_referral(uow=uow, referral_id=payload.referral_id)
        if case is None or case.erased_at is not None:
            return  # never accepted, not opened here, or erased already
        if keystore is None:
            raise RuntimeError("PASSERELLE_KEYSTORE_URL is not set: the person's key cannot be destroyed")
        await _erase(uow, case, keystore, by=WITHDRAWAL)

    return handle


async def forget_person(uow: UnitOfWork, case: Case, keystore: KeyStore, *, at: datetime) -> None:
    """What an erasure, a withdrawal and an anonymisation all do: the person's key destroyed, the fields the
    inventory of personal data declares emptied, a retention extension and its reason deleted. The key goes
    first: if the commit then fails, it is done again and finds the key gone."""
    await keystore.destroy(uow.own_tenant, case.beneficiary_pid)
    case.erase_personal_data(at=at)
    await drop_extension(uow, case)


async def drop_extension(uow: UnitOfWork, case: Case) -> None:
    """An extension's reason may tell of the person: it goes with the file."""
    extended = await uow.session.get(RetentionExtension, case.id)
    if extended is not None:
        await uow.session.delete(extended)


async def _erase(uow: UnitOfWork, case: Case, keystore: KeyStore, *, by: str) -> None:
    now = clock.now()
    await forget_person(uow, case, keystore, at=now)
    log_access(uow, case, by=by, action="erase")
    uow.emit(
        BeneficiaryErased(
            beneficiary_pid=case.beneficiary_pid, case_id=case.id, referral_id=case.referral_id, erased_at=now
        ),
        subject=case.id,
    )
