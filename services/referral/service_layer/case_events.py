"""What the referral service learns from the cases service: the end of the loop, and erasure."""

from __future__ import annotations

from sqlalchemy import select

from passerelle.contracts.events import BeneficiaryAnonymised, BeneficiaryErased, CaseClosed, CaseReopened
from passerelle.db import UnitOfWork
from referral.domain.model import Referral


async def case_closed(payload: CaseClosed, _envelope, uow: UnitOfWork) -> None:
    await _set_case_closed(uow, payload.referral_id, True)


async def case_reopened(payload: CaseReopened, _envelope, uow: UnitOfWork) -> None:
    await _set_case_closed(uow, payload.referral_id, False)


async def forget_beneficiary(payload: BeneficiaryErased | BeneficiaryAnonymised, _envelope, uow: UnitOfWork) -> None:
    """The person asked for erasure, or their file reached the end of its retention: drop what the
    referrals of this tenant hold of them."""
    referrals = await uow.session.scalars(select(Referral).where(Referral.beneficiary_pid == payload.beneficiary_pid))
    for referral in referrals:
        referral.erase_personal_data()


async def _set_case_closed(uow: UnitOfWork, referral_id, closed: bool) -> None:
    if referral_id is None:
        return  # a case opened without a referral
    referral = await uow.session.scalar(select(Referral).where(Referral.id == referral_id))
    if referral is not None:
        referral.case_closed = closed
