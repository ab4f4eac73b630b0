"""The referrer's loop by mail: when a referral is accepted, not kept, or the follow-up it opened ends, the
referrer who left an email gets a message. It names the tracking code and links to the tracking page,
nothing of the person. A message is written with the decision, in its transaction (none for a decision
rolled back), and the relay sends it through the configured SMTP relay: again later while the relay
refuses or cannot be reached, and never twice once it took it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from email.message import EmailMessage

import aiosmtplib
from sqlalchemy import select

from passerelle import clock
from passerelle.db import Database, UnitOfWork
from passerelle.settings import ServiceSettings
from referral.domain.model import Referral, ReferrerMail

log = logging.getLogger(__name__)
EVERY_SECONDS = 1.0
LONGEST_WAIT = timedelta(minutes=5)  # between two tries of a message the relay refused
NEWS = {
    "accepted": (
        "Orientation acceptée",
        "L'orientation que vous avez adressée à l'équipe de médiation en santé a été acceptée : "
        "un accompagnement est engagé.",
    ),
    "declined": (
        "Orientation non retenue",
        "L'orientation que vous avez adressée à l'équipe de médiation en santé n'a pas été retenue. "
        "Le motif, et le message de l'équipe s'il y en a un, sont sur la page de suivi.",
    ),
    "closed": (
        "Accompagnement terminé",
        "L'accompagnement engagé à la suite de votre orientation est terminé.",
    ),
}


def tell_referrer(uow: UnitOfWork, referral: Referral, kind: str) -> None:
    """Write the message for the referrer, if they left an email: sent once this transaction commits."""
    if not referral.referrer_email or not referral.tracking_code:
        return
    now = clock.now()
    uow.session.add(
        ReferrerMail(
            id=uuid.uuid4(),
            tenant_id=uow.own_tenant,
            referral_id=referral.id,
            kind=kind,
            to_address=referral.referrer_email,
            tracking_code=referral.tracking_code,
            created_at=now,
            next_attempt_at=now,
        )
    )


def message(mail: ReferrerMail, settings: ServiceSettings) -> EmailMessage:
    subject, news = NEWS[mail.kind]
    link = f"{settings.public_origin or ''}/referral/suivi?code={mail.tracking_code}"
    composed = EmailMessage()
    composed["From"] = settings.mail_from
    composed["To"] = mail.to_address
    composed["Subject"] = f"Passerelle — {subject} ({mail.tracking_code})"
    composed["Message-ID"] = f"<{mail.id}@passerelle.invalid>"  # the same if it were ever sent again
    composed.set_content(
        f"Bonjour,\n\n{news}\n\nCode de suivi : {mail.tracking_code}\nSuivre l'orientation : {link}\n\n"
        "Ce message ne contient aucune donnée sur la personne orientée. Merci de ne pas y répondre.\n"
    )
    return composed


async def send_due(db: Database, settings: ServiceSettings, *, limit: int = 20) -> int:
    """Send the messages whose time has come, each in its own transaction; returns how many went."""
    sent = 0
    for _ in range(limit):
        async with db.unit_of_work(tenant=None, cross_tenant_reason="the mail relay sends every tenant's") as uow:
            due = select(ReferrerMail).where(
                ReferrerMail.sent_at.is_(None), ReferrerMail.next_attempt_at <= clock.now()
            )
            mail = await uow.session.scalar(
                due.order_by(ReferrerMail.next_attempt_at).limit(1).with_for_update(skip_locked=True)
            )
            if mail is None:
                return sent
            try:
                await aiosmtplib.send(
                    message(mail, settings), hostname=settings.smtp_host, port=settings.smtp_port, timeout=10
                )
            except (aiosmtplib.SMTPException, OSError) as exc:  # the relay is down or refuses: all wait
                _later(mail, exc)
                log.warning("a referrer's message waits: the SMTP relay did not take it (%s)", mail.last_error)
                await uow.commit()
                return sent
            except Exception as exc:  # this message alone cannot go: it must not hold the others up
                _later(mail, exc)
                log.exception("a referrer's message cannot be sent; it is tried again later, the others go")
                await uow.commit()
                continue
            mail.sent_at = clock.now()
            await uow.commit()
            sent += 1
    return sent


def _later(mail: ReferrerMail, exc: Exception) -> None:
    mail.attempts += 1
    mail.next_attempt_at = clock.now() + min(timedelta(seconds=2**mail.attempts), LONGEST_WAIT)
    mail.last_error = f"{type(exc).__name__}: {exc}"[:300]


async def relay(state) -> None:
    """The background loop that sends the referrers' messages (none without PASSERELLE_SMTP_HOST: they wait)."""
    settings: ServiceSettings = state.settings
    if not settings.smtp_host:
        log.warning("PASSERELLE_SMTP_HOST is not set: the referrers' messages wait in referrer_mail")
        return
    while True:
        try:
            sent = await send_due(state.db, settings)
        except Exception:
            log.exception("the mail relay failed; it tries again")
            sent = 0
        await asyncio.sleep(0 if sent else EVERY_SECONDS)
