"""The people of a tenant's team as the pages name them: each service with pages keeps who signed in to
it (their name from the identity provider's claims, their roles), to show a person's name rather than
their login or id ("suivi par Aline Martin"), and to offer the mediators a case can be entrusted to."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from passerelle import clock
from passerelle.auth import Principal, Role
from passerelle.db import Database
from passerelle.web.sessions import team_members


@dataclass(frozen=True)
class Member:
    subject: str
    name: str
    roles: frozenset[str]


async def remember(conn: AsyncConnection, principal: Principal) -> None:
    """At each sign-in: the person's name and roles as the provider says them today."""
    values = {
        "subject": principal.subject,
        "tenant_id": principal.tenant,
        "name": principal.display_name or principal.subject,
        "roles": sorted(principal.roles),
        "seen_at": clock.now(),
    }
    await conn.execute(
        insert(team_members).values(values).on_conflict_do_update(index_elements=["subject"], set_=values)
    )


async def roster(db: Database, tenant: str | None) -> dict[str, Member]:
    """The tenant's team who signed in here, by subject."""
    async with db.engine.connect() as conn:
        rows = await conn.execute(select(team_members).where(team_members.c.tenant_id == tenant))
    return {r.subject: Member(r.subject, r.name, frozenset(r.roles)) for r in rows}


def mediators(people: dict[str, Member]) -> list[Member]:
    """Who a case may be entrusted to, by name."""
    wanted = {Role.MEDIATOR, Role.COORDINATOR}
    return sorted((m for m in people.values() if m.roles & wanted), key=lambda m: m.name.casefold())


@pass_context
def person(context, subject: str | None) -> str:
    """A subject as the pages show it: the name of the team member (the page passes `people`), else as
    it was recorded (an API client, « retention »…)."""
    if not subject:
        return "—"
    member = (context.get("people") or {}).get(subject)
    return member.name if member else subject
