"""The team's daily summary by mail (« Résumé quotidien »), for the team members who asked for it: how
many referrals wait for triage and how many came the day before, with a link to the inbox; counts only,
nothing of any person. Sent each day from SEND_FROM, Paris time; a day already sent is not sent again (a
crash between the relay taking it and its day being written could send that day twice)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date, time, timedelta
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy import func, or_, select

from passerelle import clock
from passerelle.auth import Principal
from passerelle.clock import PARIS
from passerelle.db import Database, UnitOfWork
from referral.domain.model import DigestSubscription, Referral, ReferralStatus

log = logging.getLogger(__name__)
SEND_FROM = time(7, 0)
EVERY_SECONDS = 300


async def subscribe(uow: UnitOfWork, principal: Principal) -> None:
    if principal.email and await uow.session.get(DigestSubscription, principal.subject) is None:
        uow.session.add(
            DigestSubscription(
                subject=principal.subject, tenant_id=uow.own_tenant, email=principal.email, subscribed_at=clock.now()
            )
        )
    await uow.commit()


async def unsubscribe(uow: UnitOfWork, principal: Principal) -> None:
    if (found := await uow.session.get(DigestSubscription, principal.subject)) is not None:
        await uow.session.delete(found)
    await uow.commit()


async def subscribed(uow: UnitOfWork, principal: Principal) -> bool:
    found = await uow.session.get(DigestSubscription, principal.subject)
    return found is not None and found.tenant_id == uow.tenant


async def send_digests(
    db: Database, *, smtp_host: str, smtp_port: int, mail_from: str, origin: str, today: date
) -> int:
    """Today's summary to each subscriber not sent it yet; returns how many went."""
    sent = 0
    reason = "the daily summary goes to every tenant's subscribers"
    async with db.unit_of_work(tenant=None, cross_tenant_reason=reason) as uow:
        due = list(
            await uow.session.scalars(
                select(DigestSubscription).where(
                    or_(DigestSubscription.last_sent_on.is_(None), DigestSubscription.last_sent_on < today)  # type: ignore[operator]
                )
            )
        )
        for subscription in due:
            waiting, yesterday = await _counts(uow, subscription.tenant_id, today)
            try:
                await aiosmtplib.send(
                    _message(subscription.email, mail_from, origin, waiting, yesterday),
                    hostname=smtp_host,
                    port=smtp_port,
                    timeout=10,
                )
            except (aiosmtplib.SMTPException, OSError) as exc:
                log.warning("the daily summaries wait: the SMTP relay did not take them (%s)", exc)
                break
            subscription.last_sent_on = today
            await uow.commit()
            sent += 1
    return sent


async def _counts(uow: UnitOfWork, tenant: str, today: date) -> tuple[int, int]:
    ours = Referral.tenant_id == tenant
    waiting = await uow.session.scalar(
        select(func.count()).select_from(Referral).where(ours, Referral.status == ReferralStatus.SUBMITTED)
    )
    start, end = clock.start_of_paris_day(today - timedelta(days=1)), clock.start_of_paris_day(today)
    came = await uow.session.scalar(
        select(func.count())
        .select_from(Referral)
        .where(ours, Referral.submitted_at >= start, Referral.submitted_at < end)
    )
    return int(waiting or 0), int(came or 0)


def _message(to: str, mail_from: str, origin: str, waiting: int, yesterday: int) -> EmailMessage:
    plural = "s" if waiting > 1 else ""
    message = EmailMessage()
    message["From"], message["To"] = mail_from, to
    message["Subject"] = f"Passerelle — {waiting} orientation{plural} à trier"
    message.set_content(
        f"Bonjour,\n\n{waiting} orientation{plural} attend{'ent' if waiting > 1 else ''} d'être triée{plural}, "
        f"dont {yesterday} reçue{'s' if yesterday > 1 else ''} hier.\n"
        f"Les voir : {origin}/referral/orientations\n\n"
        "Ce résumé ne contient aucune donnée sur les personnes.\n"
        f"Pour ne plus le recevoir : {origin}/referral/resume-quotidien\n"
    )
    return message


async def run_daily(state) -> None:
    """The background loop: each day from SEND_FROM, the summaries not sent yet (none without an SMTP relay)."""
    settings = state.settings
    if not settings.smtp_host:
        return
    while True:
        now = clock.now().astimezone(PARIS)
        if now.time() >= SEND_FROM:
            try:
                await send_digests(
                    state.db,
                    smtp_host=settings.smtp_host,
                    smtp_port=settings.smtp_port,
                    mail_from=settings.mail_from,
                    origin=settings.public_origin or "",
                    today=now.date(),
                )
            except Exception:
                log.exception("the daily summaries failed; they are tried again")
        await asyncio.sleep(EVERY_SECONDS)
