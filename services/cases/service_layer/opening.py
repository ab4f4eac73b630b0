"""Opening a case: from an accepted referral (its sealed case file opened with the person's key;
a person erased since is opened as erased), or directly by a mediator for a person met at a
drop-in or during outreach."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from cases.domain.model import IDENTITY_FIELDS, REFERRAL_CONTEXT, Case, barriers_from
from passerelle import clock
from passerelle.contracts.events import CaseOpened, ReferralAccepted, ReferralReceiptCorrected
from passerelle.db import UnitOfWork
from passerelle.keystore import KeyStore, PersonErased


def open_from_referral(keystore: KeyStore | None):
    """The consumer's handler of referral.accepted, with the key store that opens the case file."""

    async def handle(payload: ReferralAccepted, _envelope, uow: UnitOfWork) -> None:
        if await uow.session.scalar(select(Case.id).where(Case.referral_id == payload.referral_id)) is not None:
            return  # opened by an earlier delivery: one case per referral
        if keystore is None:
            raise RuntimeError("PASSERELLE_KEYSTORE_URL or PASSERELLE_TENANT_KEYS_DIR is not set: no case file opens")
        context, erased_at = str(payload.referral_id), None
        try:
            data = await keystore.open(uow.tenant, payload.beneficiary_pid, payload.personal_data, context=context)
        except PersonErased:  # erased before this delivery (a replay, a rebuild): nothing to open, ever
            data, erased_at = {}, clock.now()
        identity = {name: data.get(name) for name in IDENTITY_FIELDS}
        why = {name: data[name] for name in REFERRAL_CONTEXT if data.get(name)} or None
        if identity["birth_date"]:
            identity["birth_date"] = datetime.fromisoformat(identity["birth_date"]).date()
        case = Case(
            id=uuid.uuid4(),
            tenant_id=uow.tenant,
            beneficiary_pid=payload.beneficiary_pid,
            opened_on=clock.paris_day(payload.accepted_at),
            opened_at=payload.accepted_at,
            assigned_to=payload.accepted_by,
            referral_id=payload.referral_id,
            referral_submitted_at=payload.submitted_at,
            erased_at=erased_at,
            referral_context=why,
            barriers=barriers_from(why or {}),  # what the fiche said, for the mediator to confirm
            **identity,
        )
        announce_opening(uow, case)

    return handle


async def follow_receipt(payload: ReferralReceiptCorrected, _envelope, uow: UnitOfWork) -> None:
    """The referral's receipt corrected: the case opened from it keeps the new day (no appointment before it)."""
    case = await uow.session.scalar(select(Case).where(Case.referral_id == payload.referral_id))
    if case is not None:
        case.referral_submitted_at = payload.submitted_at


async def open_directly(
    *,
    uow: UnitOfWork,
    by: str,
    identity: dict,
    barriers: list[str],
    opened_on: date,
    case_id: uuid.UUID | None = None,
    outreach_action_id: uuid.UUID | None = None,
) -> Case:
    """A mediator opens a case for a person met without a referral, on the day the follow-up began
    (`opened_at`: the moment it was recorded). `case_id`: the one its idempotency key names
    (passerelle.http.idempotency), else a new one. `outreach_action_id`: the outreach action where the
    person was met (the outreach service counts the redirection there)."""
    case = new_case(uow, by=by, identity=identity, barriers=barriers, opened_on=opened_on, case_id=case_id)
    case.outreach_action_id = outreach_action_id
    announce_opening(uow, case)
    await uow.commit()
    return case


def new_case(
    uow: UnitOfWork, *, by: str, identity: dict, barriers: list[str], opened_on: date, case_id: uuid.UUID | None
) -> Case:
    """A case opened directly, not yet added nor announced (an import closes it first)."""
    return Case(
        id=case_id or uuid.uuid4(),
        tenant_id=uow.own_tenant,
        beneficiary_pid=uuid.uuid4(),
        opened_on=opened_on,
        opened_at=clock.now(),
        assigned_to=by,
        barriers=barriers,
        **identity,
    )


def announce_opening(uow: UnitOfWork, case: Case) -> None:
    uow.session.add(case)
    uow.emit(
        CaseOpened(
            case_id=case.id,
            beneficiary_pid=case.beneficiary_pid,
            referral_id=case.referral_id,
            referral_submitted_at=case.referral_submitted_at,
            opened_on=case.opened_on,
            outreach_action_id=case.outreach_action_id,
        ),
        subject=case.id,
    )
