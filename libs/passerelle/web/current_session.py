"""The person behind a page's session cookie: the server-side session (passerelle.web.sessions),
its tokens refreshed through the provider before they expire."""

from __future__ import annotations

import logging
from datetime import timedelta

import httpx
from authlib.common.errors import AuthlibBaseError
from fastapi import Request

from passerelle import clock
from passerelle.auth import Principal
from passerelle.http.deps import verified_principal
from passerelle.signing_keys import InvalidToken, ProviderUnreachable
from passerelle.web import sessions

log = logging.getLogger(__name__)
REFRESH_MARGIN = timedelta(seconds=30)


def session_cookie(service_name: str) -> str:
    return f"passerelle_session_{service_name}"


async def session_principal(request: Request, *, refresh_within: timedelta | None = None) -> Principal | None:
    """The person behind the session cookie, tokens refreshed if they expire soon; None when there
    is no session any more (signed out, ended by the provider, expired)."""
    session_id = request.cookies.get(session_cookie(request.app.state.settings.service_name))
    if not session_id:
        return None
    async with request.app.state.db.engine.begin() as conn:
        session = await sessions.find(conn, session_id)
        if session is not None and session.needs_refresh(margin=refresh_within or REFRESH_MARGIN):
            session = await _refreshed(request, conn, session_id, refresh_within)
    if session is None:
        return None
    try:
        principal = await verified_principal(request, session.access_token)
    except InvalidToken:
        async with request.app.state.db.engine.begin() as conn:
            await sessions.close(conn, session.id_hash)
        return None
    request.state.web_session = session
    return principal


async def _refreshed(request: Request, conn, session_id: str, refresh_within: timedelta | None):
    session = await sessions.find(conn, session_id, for_update=True)  # one refresh for concurrent requests
    if session is None or not session.needs_refresh(margin=refresh_within or REFRESH_MARGIN):
        return session
    if session.refresh_token is None:
        await sessions.close(conn, session.id_hash)
        return None
    try:
        answer = await request.app.state.provider.fetch_access_token(
            grant_type="refresh_token", refresh_token=session.refresh_token
        )
    except AuthlibBaseError as exc:  # the provider's session is over
        log.info("session ended by the provider: %s", getattr(exc, "error", type(exc).__name__))
        await sessions.close(conn, session.id_hash)
        return None
    except httpx.HTTPError as exc:
        if session.access_expires_at > clock.now():
            return session  # still valid: try again at the next page
        raise ProviderUnreachable(f"identity provider unreachable ({type(exc).__name__})") from exc
    tokens = sessions.Tokens.from_provider(answer, id_token=session.id_token)
    await sessions.renew(conn, session.id_hash, tokens)
    return await sessions.find(conn, session_id)
