"""Retention of referrals: a declined referral's personal data is kept DECLINED_MONTHS after the
decision, then emptied (the figures keep the referral, anonymous). An accepted referral's data goes
with the case file's (beneficiary.anonymised, case_events); a withdrawn consent empties it at once.

Three months: long enough for the referrer, told of the decision, to contest it or send the person
elsewhere with the same fiche; the person was never accompanied here, so nothing more justifies it."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from passerelle import clock
from passerelle.db import Database
from passerelle.observability.metrics import Metrics
from passerelle.privacy import DECLINED_REFERRAL_MONTHS, TRACES_MONTHS
from referral.domain.accounts import AccountChange
from referral.domain.model import Referral, ReferralStatus, ReferrerMail

log = logging.getLogger(__name__)
DECLINED_MONTHS = DECLINED_REFERRAL_MONTHS
JOURNAL_MONTHS = TRACES_MONTHS  # the team's journal of account changes: a year, like the cases' access log
SENT_MAIL_DAYS = 30  # a referrer's message, once sent: its trace for a month (a referrer asking), then gone
PASS_EVERY_SECONDS = 3600


def declined_cutoff(today: date) -> datetime:
    """Referrals declined before this instant have reached the end of their retention."""
    return clock.start_of_paris_day(clock.add_months(today, -DECLINED_MONTHS))


async def run_pass(db: Database, metrics: Metrics, *, today: date, tenants: set[str] | None = None) -> int:
    """Empty the declined referrals whose time has come, drop the team journal's lines older than
    JOURNAL_MONTHS and the referrers' messages sent more than SENT_MAIL_DAYS ago, in every tenant (or
    those named); idempotent."""
    reason = "the daily retention pass visits every tenant"
    async with db.unit_of_work(tenant=None, cross_tenant_reason=reason) as uow:
        due = list(
            await uow.session.scalars(
                select(Referral).where(
                    Referral.status == ReferralStatus.DECLINED,
                    Referral.decided_at < declined_cutoff(today),  # type: ignore[operator]
                    Referral.last_name.is_not(None),
                    *([Referral.tenant_id.in_(tenants)] if tenants is not None else []),
                )
            )
        )
        for referral in due:
            referral.erase_personal_data()
        kept_since = clock.start_of_paris_day(clock.add_months(today, -JOURNAL_MONTHS))
        await uow.session.execute(
            delete(AccountChange).where(
                AccountChange.at < kept_since,
                *([AccountChange.tenant_id.in_(tenants)] if tenants is not None else []),
            )
        )
        await uow.session.execute(  # their addresses are not kept once the news went
            delete(ReferrerMail).where(
                ReferrerMail.sent_at < clock.start_of_paris_day(today) - timedelta(days=SENT_MAIL_DAYS),  # type: ignore[operator]
                *([ReferrerMail.tenant_id.in_(tenants)] if tenants is not None else []),
            )
        )
        await uow.commit()
    metrics.files_anonymised.inc(len(due))
    metrics.retention_last_pass.set_to_current_time()
    if due:
        log.info("retention: %d declined referrals emptied", len(due))
    return len(due)


async def run_daily(state) -> None:
    while True:
        try:
            await run_pass(state.db, state.metrics, today=clock.today())
        except Exception:
            log.exception("the retention pass failed; it is tried again in an hour")
        await asyncio.sleep(PASS_EVERY_SECONDS)
