"""A case's life: closing, reopening, assignment, transfer to another tenant, erasure."""

from __future__ import annotations

import uuid
from datetime import date

from cases.domain.model import Case
from cases.service_layer.queries import load_case, log_access
from passerelle import clock
from passerelle.auth import Principal
from passerelle.contracts.events import (
    BeneficiaryErased,
    CaseClosed,
    CaseReceivedByTransfer,
    CaseReopened,
    CaseTransferred,
)
from passerelle.db import UnitOfWork
from passerelle.keystore import KeyStore
from passerelle.registry import require_transfer_target


async def close_case(*, uow: UnitOfWork, case_id: uuid.UUID, outcome: str, satisfaction: int | None, on: date) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    case.close(outcome=outcome, satisfaction=satisfaction, on=on)
    uow.emit(
        CaseClosed(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            referral_id=case.referral_id,
            closed_on=on,
            outcome=outcome,
            satisfaction=satisfaction,
        ),
        subject=case.id,
    )
    await uow.commit()
    return case


async def reopen_case(*, uow: UnitOfWork, case_id: uuid.UUID) -> Case:
    case = await load_case(uow=uow, case_id=case_id)
    today = clock.today()
    case.reopen(on=today)
    uow.emit(
        CaseReopened(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            referral_id=case.referral_id,
            reopened_on=today,
        ),
        subject=case.id,
    )
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
    event log never opens again), and tell the other services. The key goes first: if the commit then
    fails, the erasure is asked again and finds it gone."""
    case = await load_case(uow=uow, case_id=case_id)
    now = clock.now()
    await keystore.destroy(uow.own_tenant, case.beneficiary_pid)
    case.erase_personal_data(at=now)
    log_access(uow, case, by=by.subject, action="erase")
    uow.emit(
        BeneficiaryErased(
            beneficiary_pid=case.beneficiary_pid, case_id=case.id, referral_id=case.referral_id, erased_at=now
        ),
        subject=case.id,
    )
    await uow.commit()
    return case
