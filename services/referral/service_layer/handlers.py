"""Use cases that change referrals. Each runs in one unit of work and emits its events there."""

from __future__ import annotations

import uuid
from datetime import date

from passerelle import clock
from passerelle.auth import Principal
from passerelle.contracts.events import (
    ReferralAccepted,
    ReferralConsentWithdrawn,
    ReferralDeclined,
    ReferralReceiptCorrected,
    ReferralReceivedByTransfer,
    ReferralSubmitted,
    ReferralTransferred,
)
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput
from passerelle.keystore import KeyStore
from passerelle.registry import require_transfer_target
from referral.domain.model import PUBLIC_FORM, Referral
from referral.service_layer.queries import get_referral
from referral.service_layer.referrer_mail import tell_referrer


async def submit_referral(
    *, uow: UnitOfWork, submitted_by: str, fields: dict, referral_id: uuid.UUID | None = None
) -> Referral:
    """Record a consented referral for the unit of work's tenant and announce it (no personal data).
    `fields` may name the day a paper fiche was received (`received_on`: the team's); else it is
    received now. `referral_id`: the one its idempotency key names (passerelle.http.idempotency), else
    a new one."""
    received_on = fields.pop("received_on", None)
    referral = Referral(
        id=referral_id or uuid.uuid4(),
        tenant_id=uow.own_tenant,
        submitted_by=submitted_by,
        submitted_at=clock.moment_of(received_on),
        recorded_at=clock.now(),
        **fields,
    )
    uow.session.add(referral)
    uow.emit(
        ReferralSubmitted(
            referral_id=referral.id,
            beneficiary_pid=referral.beneficiary_pid,
            source=referral.source,
            reasons=tuple(referral.reasons),
            difficulties=tuple(referral.difficulties),
            submitted_at=referral.submitted_at,
        ),
        subject=referral.id,
    )
    await uow.commit()
    return referral


async def correct_receipt(*, uow: UnitOfWork, referral_id: uuid.UUID, on: date) -> Referral:
    """The day a paper fiche was received, corrected; the fiche sent from the public form keeps its own."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    if referral.submitted_by == PUBLIC_FORM:
        raise InvalidInput("received_on", "a fiche sent from the public form is received when it is sent")
    referral.correct_receipt(clock.moment_of(on))
    uow.emit(
        ReferralReceiptCorrected(
            referral_id=referral.id, beneficiary_pid=referral.beneficiary_pid, submitted_at=referral.submitted_at
        ),
        subject=referral.id,
    )
    await uow.commit()
    return referral


async def accept_referral(
    *, uow: UnitOfWork, referral_id: uuid.UUID, by: Principal, keystore: KeyStore, on: date | None = None
) -> Referral:
    """Accept a submitted referral `on` a day (today by default): the cases service opens the case file
    from the event, that day, sealed with the person's own key (erasing them destroys it:
    passerelle.keystore)."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    referral.accept(by=by.subject, at=clock.moment_of(on))
    referral.decision_recorded_at = clock.now()
    sealed = await keystore.seal(
        uow.own_tenant, referral.beneficiary_pid, referral.case_file_data(), context=str(referral.id)
    )
    uow.emit(
        ReferralAccepted(
            referral_id=referral.id,
            beneficiary_pid=referral.beneficiary_pid,
            submitted_at=referral.submitted_at,
            accepted_at=referral.decided_at,
            accepted_by=referral.decided_by,
            personal_data=sealed,
        ),
        subject=referral.id,
    )
    tell_referrer(uow, referral, "accepted")
    await uow.commit()
    return referral


async def decline_referral(
    *,
    uow: UnitOfWork,
    referral_id: uuid.UUID,
    reason: str,
    note: str | None,
    by: Principal,
    on: date | None = None,
    referrer_message: str | None = None,
) -> Referral:
    """`note`: the team's own; `referrer_message`: what the referrer reads on the tracking page."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    referral.decline(reason=reason, note=note, by=by.subject, at=clock.moment_of(on), referrer_message=referrer_message)
    referral.decision_recorded_at = clock.now()
    uow.emit(
        ReferralDeclined(
            referral_id=referral.id,
            beneficiary_pid=referral.beneficiary_pid,
            reason=reason,
            declined_at=referral.decided_at,
        ),
        subject=referral.id,
    )
    tell_referrer(uow, referral, "declined")
    await uow.commit()
    return referral


async def transfer_referral(*, uow: UnitOfWork, referral_id: uuid.UUID, to_tenant: str, by: Principal) -> Referral:
    """Hand the referral whole to another tenant (the person moved); keep only a tombstone here."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    await require_transfer_target(uow=uow, to_tenant=to_tenant, owner=referral.tenant_id)
    received = referral.transfer_to(to_tenant, by=by.subject, at=clock.now())
    uow.emit(
        ReferralTransferred(
            referral_id=referral.id,
            beneficiary_pid=referral.beneficiary_pid,
            to_tenant=to_tenant,
            transferred_at=referral.decided_at,
        ),
        subject=referral.id,
    )
    with uow.acting_for(to_tenant):
        uow.session.add(received)
        await uow.session.flush()
        uow.emit(
            ReferralReceivedByTransfer(
                referral_id=received.id,
                beneficiary_pid=received.beneficiary_pid,
                from_tenant=referral.tenant_id,
                source=received.source,
                reasons=tuple(received.reasons),
                difficulties=tuple(received.difficulties),
                received_at=referral.decided_at,
            ),
            subject=received.id,
        )
    await uow.commit()
    return referral


async def withdraw_consent(*, uow: UnitOfWork, referral_id: uuid.UUID, by: Principal) -> Referral:
    """The person withdrew consent: erase the referral's personal data and say so."""
    referral = await get_referral(uow=uow, referral_id=referral_id)
    referral.withdraw_consent(by=by.subject, at=clock.now())
    uow.emit(
        ReferralConsentWithdrawn(
            referral_id=referral.id, beneficiary_pid=referral.beneficiary_pid, withdrawn_at=referral.decided_at
        ),
        subject=referral.id,
    )
    await uow.commit()
    return referral
