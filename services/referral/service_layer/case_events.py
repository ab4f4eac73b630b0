"""What the referral service learns from the cases service: the end of the loop, and erasure."""

from __future__ import annotations

from sqlalchemy import select

from passerelle.contracts.events import BeneficiaryAnonymised, BeneficiaryErased, CaseClosed, CaseReopened
from passerelle.db import UnitOfWork
from referral.domain.model import Referral, ReferrerMail
from referral.service_layer.referrer_mail import tell_referrer


async def case_closed(payload: CaseClosed, _envelope, uow: UnitOfWork) -> None:
    referral = await _set_case_closed(uow, payload.referral_id, True)
    if referral is not None and not await _told(uow, referral, "closed"):  # closed again after a reopening
        tell_referrer(uow, referral, "closed")


async def case_reopened(payload: CaseReopened, _envelope, uow: UnitOfWork) -> None:
    await _set_case_closed(uow, payload.referral_id, False)


async def forget_beneficiary(payload: BeneficiaryErased | BeneficiaryAnonymised, _envelope, uow: UnitOfWork) -> None:
    """The person asked for erasure, or their file reached the end of its retention: drop what the
    referrals of this tenant hold of them."""
    referrals = await uow.session.scalars(select(Referral).where(Referral.beneficiary_pid == payload.beneficiary_pid))
    for referral in referrals:
        referral.erase_personal_data()


async def _set_case_closed(uow: UnitOfWork, referral_id, closed: bool) -> Referral | None:
    if referral_id is None:
        return None  # a case opened without a referral
    referral = await uow.session.scalar(select(Referral).where(Referral.id == referral_id))
    if referral is not None:
        referral.case_closed = closed
    return referral


async def _told(uow: UnitOfWork, referral: Referral, kind: str) -> bool:
    query = select(ReferrerMail.id).where(ReferrerMail.referral_id == referral.id, ReferrerMail.kind == kind)
    return await uow.session.scalar(query) is not None
