"""Server-side sessions of the pages: the cookie holds a random session id, the tokens stay here.

Every service with pages is its own OpenID Connect client and keeps its own sessions (this table,
in its own database: include `metadata` in its migrations); the provider's single sign-on makes the
second service's sign-in silent, and its back-channel logout ends them all at once. Only a hash of
the session id is stored: reading the table does not give anyone a session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ARRAY, Column, DateTime, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from passerelle import clock

metadata = MetaData()
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("subject", String(200), nullable=False),
    Column("provider_session", String(200), nullable=True, index=True),  # the provider's `sid`
    Column("access_token", Text, nullable=False),
    Column("refresh_token", Text, nullable=True),
    Column("id_token", Text, nullable=True),
    Column("access_expires_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),  # the provider's session, unless extended
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Who signed in here, to name them in the pages (passerelle.web.team)
team_members = Table(
    "team_members",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("tenant_id", String(100), nullable=True, index=True),
    Column("name", String(200), nullable=False),
    Column("roles", ARRAY(String(40)), nullable=False, server_default="{}"),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)


@dataclass
class Tokens:
    """What the provider's token endpoint answered (at sign-in, and at each refresh)."""

    access_token: str
    refresh_token: str | None
    id_token: str | None
    access_expires_at: datetime
    ends_at: datetime

    @classmethod
    def from_provider(cls, answer: dict, *, id_token: str | None = None) -> Tokens:
        now = clock.now()
        expires_in = int(answer.get("expires_in", 300))
        # Keycloak says how long the refresh token lives (the provider's session idle time)
        ends_in = int(answer.get("refresh_expires_in") or expires_in)
        return cls(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token"),
            id_token=answer.get("id_token") or id_token,
            access_expires_at=now + timedelta(seconds=expires_in),
            ends_at=now + timedelta(seconds=ends_in),
        )


@dataclass
class WebSession:
    id_hash: str
    subject: str
    provider_session: str | None
    access_token: str
    refresh_token: str | None
    id_token: str | None
    access_expires_at: datetime
    ends_at: datetime
    created_at: datetime

    def needs_refresh(self, *, margin: timedelta = timedelta(seconds=30)) -> bool:
        return self.access_expires_at - clock.now() < margin


def hashed(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


async def open_session(conn: AsyncConnection, *, subject: str, provider_session: str | None, tokens: Tokens) -> str:
    """A new session; returns the id for the cookie (never stored as such)."""
    session_id = secrets.token_urlsafe(32)
    await conn.execute(
        web_sessions.insert().values(
            id_hash=hashed(session_id),
            subject=subject,
            provider_session=provider_session,
            created_at=clock.now(),
            **_token_values(tokens),
        )
    )
    return session_id


async def find(conn: AsyncConnection, session_id: str, *, for_update: bool = False) -> WebSession | None:
    query = select(web_sessions).where(web_sessions.c.id_hash == hashed(session_id))
    row = (await conn.execute(query.with_for_update() if for_update else query)).first()
    if row is None:
        return None
    session = WebSession(**row._mapping)
    if session.ends_at <= clock.now():
        await close(conn, session.id_hash)
        return None
    return session


async def renew(conn: AsyncConnection, id_hash: str, tokens: Tokens) -> None:
    await conn.execute(update(web_sessions).where(web_sessions.c.id_hash == id_hash).values(**_token_values(tokens)))


async def close(conn: AsyncConnection, id_hash: str) -> None:
    await conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))


async def close_provider_session(conn: AsyncConnection, *, provider_session: str | None, subject: str | None) -> int:
    """The provider ended its session (back-channel logout): every session of ours opened through
    it ends too; with no `sid`, every session of that person."""
    if provider_session:
        condition = web_sessions.c.provider_session == provider_session
    elif subject:
        condition = web_sessions.c.subject == subject
    else:
        return 0
    result = await conn.execute(delete(web_sessions).where(condition))
    return result.rowcount or 0


async def forget_ended(conn: AsyncConnection) -> None:
    await conn.execute(delete(web_sessions).where(web_sessions.c.ends_at <= clock.now()))


def _token_values(tokens: Tokens) -> dict:
    return {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "id_token": tokens.id_token,
        "access_expires_at": tokens.access_expires_at,
        "ends_at": tokens.ends_at,
    }
