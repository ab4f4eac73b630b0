"""A team member's agenda in their phone's calendar: an iCalendar feed at a secret address.

The address carries a random secret; only its SHA-256 is kept, so the address is shown once, when it is
made. One address stands per person: a new one revokes the former, and a revoked one answers nothing.
The feed names no one: each appointment shows the person's initials, its kind and time, and a link to
the case file (which asks to sign in); never a name, a place, a phone or the person met."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from icalendar import Calendar, Event
from sqlalchemy import select, update

from cases.domain.agenda import AppointmentStatus, CalendarFeed
from cases.service_layer.agenda import AgendaEntry, agenda
from passerelle import clock
from passerelle.db import Database, UnitOfWork

PAST_DAYS, COMING_DAYS = 31, 92  # what a phone gets: a month back, three months ahead
DEFAULT_MINUTES = 60
KINDS = {"appointment": "RDV", "accompaniment": "Accompagnement"}


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def standing(uow: UnitOfWork, subject: str) -> CalendarFeed | None:
    query = select(CalendarFeed).where(CalendarFeed.subject == subject, CalendarFeed.revoked_at.is_(None))
    return (await uow.session.scalars(query)).first()


async def new_feed(uow: UnitOfWork, subject: str) -> str:
    """A new secret address for this person (the former one revoked); the secret is returned, never kept."""
    await revoke(uow, subject)
    secret = secrets.token_urlsafe(32)
    uow.session.add(
        CalendarFeed(token_hash=_hash(secret), tenant_id=uow.own_tenant, subject=subject, created_at=clock.now())
    )
    await uow.commit()
    return secret


async def revoke(uow: UnitOfWork, subject: str) -> None:
    await uow.session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.subject == subject, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    await uow.commit()


async def feed(db: Database, secret: str, *, link: str) -> bytes | None:
    """The iCalendar of the person whose standing address this is, or None (unknown or revoked).
    `link`: the case file's address, with `{case_id}` in it."""
    async with db.unit_of_work(tenant=None, cross_tenant_reason="a calendar address names its tenant") as uow:
        found = (
            await uow.session.scalars(
                select(CalendarFeed).where(CalendarFeed.token_hash == _hash(secret), CalendarFeed.revoked_at.is_(None))
            )
        ).first()
    if found is None:
        return None
    async with db.unit_of_work(tenant=found.tenant_id) as uow:
        start = clock.today() - timedelta(days=PAST_DAYS)
        entries = await agenda(uow, start=start, days=PAST_DAYS + COMING_DAYS, mediator=found.subject)
    return to_ical(entries, link=link)


def initials(entry: AgendaEntry) -> str:
    names = (entry.case.first_name, entry.case.last_name)
    letters = "".join(f"{n.strip()[0].upper()}." for n in names if n and n.strip())
    return letters or "?"


def to_ical(entries: list[AgendaEntry], *, link: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Passerelle//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Passerelle — mon agenda")
    calendar.add("x-wr-timezone", "Europe/Paris")
    for entry in entries:
        appointment = entry.appointment
        event = Event()
        event.add("uid", f"{appointment.id}@passerelle")
        event.add("dtstamp", clock.now())
        event.add("dtstart", appointment.starts_at.astimezone(clock.PARIS))
        minutes = appointment.duration_minutes or DEFAULT_MINUTES
        event.add("dtend", appointment.starts_at.astimezone(clock.PARIS) + timedelta(minutes=minutes))
        held = {AppointmentStatus.HELD: " (honoré)", AppointmentStatus.MISSED: " (non honoré)"}
        event.add("summary", f"{KINDS[appointment.kind]} {initials(entry)}{held.get(appointment.status, '')}")
        event.add("url", link.format(case_id=appointment.case_id))
        event.add("description", "Le dossier, après connexion : " + link.format(case_id=appointment.case_id))
        calendar.add_component(event)
    calendar.add_missing_timezones()  # Europe/Paris described in the feed: a phone need not know it
    return calendar.to_ical()
