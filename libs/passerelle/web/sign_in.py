"""Sign-in of the pages through the identity provider (OpenID Connect, with Authlib).

Each service with pages is a confidential client of the provider (`passerelle-<service>`):
authorization code with PKCE, state and nonce checked by Authlib; the tokens go to a server-side
session (passerelle.web.sessions), refreshed before they expire. Sign-out ends the provider's
session too (RP-initiated logout), and the provider's back-channel logout ends every service's
session opened through it.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Annotated

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

from passerelle.auth import KNOWN_ROLES
from passerelle.http.deps import verified_principal
from passerelle.settings import ServiceSettings
from passerelle.signing_keys import InvalidToken, ProviderUnreachable
from passerelle.web import sessions, team
from passerelle.web.current_session import session_cookie, session_principal
from passerelle.web.pages import SIGN_IN_PATH, landing, render, render_error

log = logging.getLogger(__name__)

SIGNED_OUT_PATH = "/referral/deconnecte"
BACK_CHANNEL_LOGOUT = "http://schemas.openid.net/event/backchannel-logout"
router = APIRouter(include_in_schema=False)


def install_sign_in(app: FastAPI, settings: ServiceSettings) -> None:
    """The provider's client, the flow's short-lived state cookie and the sign-in routes."""
    assert settings.oidc_client_id and settings.oidc_client_secret, "pages need their OpenID Connect client"
    app.state.provider = OAuth().register(
        name="provider",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{settings.oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
    )
    # holds only the flow's state, nonce and PKCE verifier, signed, for ten minutes
    app.add_middleware(
        SessionMiddleware,
        secret_key=hashlib.sha256(b"sign-in state|" + settings.oidc_client_secret.encode()).hexdigest(),
        session_cookie=f"passerelle_sign_in_{settings.service_name}",
        max_age=600,
        same_site="lax",
        https_only=settings.served_over_https,
    )
    app.include_router(router)


def safe_next(target: str | None) -> str | None:
    """Only a path on this origin (never //host or a scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def public_url(request: Request, path: str) -> str:
    origin = request.app.state.settings.public_origin or f"{request.url.scheme}://{request.url.netloc}"
    return origin.rstrip("/") + path


@router.get("/connexion")
async def sign_in(request: Request, next: str | None = None):
    """Every role signs in here; the provider's own page asks who they are."""
    if (principal := await session_principal(request)) is not None:
        return RedirectResponse(safe_next(next) or landing(principal), status_code=303)
    request.session["next"] = safe_next(next)
    callback = public_url(request, f"/{request.app.state.settings.service_name}/auth/callback")
    try:
        return await request.app.state.provider.authorize_redirect(request, callback, ui_locales="fr")
    except httpx.HTTPError as exc:
        raise ProviderUnreachable(f"identity provider unreachable ({type(exc).__name__})") from exc


@router.get("/auth/callback")
async def callback(request: Request):
    try:
        answer = await request.app.state.provider.authorize_access_token(request)
    except AuthlibBaseError as exc:  # refused by the person or the provider, replayed, forged state or nonce
        log.warning("sign-in did not complete: %s", getattr(exc, "error", type(exc).__name__))
        return render(request, "connexion_echec.html", 400)
    except httpx.HTTPError as exc:
        raise ProviderUnreachable(f"identity provider unreachable ({type(exc).__name__})") from exc
    try:
        principal = await verified_principal(request, answer["access_token"])
    except InvalidToken as exc:
        identity = answer.get("userinfo") or {}  # the ID token, checked by Authlib (issuer, audience, nonce)
        if not identity.get("tenant") and not set(identity.get("roles") or ()) & KNOWN_ROLES:
            # a first sign-in through a federation: no tenant, no role, no session, no data
            return render(request, "en_attente.html", name=identity.get("preferred_username"))
        log.warning("signed in with a token the platform refuses: %s", exc)
        return render_error(
            request, 403, "Accès refusé", "Votre compte n'est rattaché à aucune structure de la plateforme."
        )
    async with request.app.state.db.engine.begin() as conn:
        session_id = await sessions.open_session(
            conn,
            subject=principal.subject,
            provider_session=(answer.get("userinfo") or {}).get("sid"),
            tokens=sessions.Tokens.from_provider(answer),
        )
        await team.remember(conn, principal)  # the pages show the person's name
    target = request.session.pop("next", None) or landing(principal)
    response = RedirectResponse(target, status_code=303)
    settings = request.app.state.settings
    response.set_cookie(
        session_cookie(settings.service_name),
        session_id,
        httponly=True,
        samesite="lax",  # sent when the provider's page sends the person back here
        secure=settings.served_over_https,
        path="/",
    )
    return response


@router.post("/deconnexion")
async def sign_out(request: Request):
    """Ends this session and the provider's (which ends the other services' sessions)."""
    settings = request.app.state.settings
    session = None
    if session_id := request.cookies.get(session_cookie(settings.service_name)):
        async with request.app.state.db.engine.begin() as conn:
            if session := await sessions.find(conn, session_id):
                await sessions.close(conn, session.id_hash)
    target = public_url(request, SIGNED_OUT_PATH)
    try:  # without a session of ours (a pending account), the provider asks the person to confirm
        logout = await request.app.state.provider.create_logout_url(
            post_logout_redirect_uri=target,
            id_token_hint=session.id_token if session else None,
            client_id=settings.oidc_client_id,
        )
        target = logout["url"]
    except httpx.HTTPError:
        log.warning("the provider's session could not be ended: unreachable")
    response = RedirectResponse(target, status_code=303)
    response.delete_cookie(session_cookie(settings.service_name), path="/")
    return response


@router.get("/deconnecte")
async def signed_out(request: Request):
    return render(request, "deconnecte.html")


@router.get("/en-attente")
async def pending(request: Request):
    """Reached with a session whose account has no role; a pending account signing in sees this page
    straight from the callback, without a session."""
    principal = await session_principal(request)
    if principal is None:
        return RedirectResponse(SIGN_IN_PATH, status_code=303)
    if not principal.pending:
        return RedirectResponse(landing(principal), status_code=303)
    return render(request, "en_attente.html", name=principal.name)


@router.post("/auth/backchannel-logout")
async def back_channel_logout(request: Request, logout_token: Annotated[str, Form(max_length=8192)]):
    """The provider says a session ended (signed out elsewhere, or ended by an administrator)."""
    settings = request.app.state.settings
    try:
        claims = await request.app.state.verifier.claims(
            logout_token, audience=settings.oidc_client_id, required=("events",)
        )
    except InvalidToken as exc:
        return JSONResponse({"error": "invalid_request", "error_description": str(exc)}, status_code=400)
    if BACK_CHANNEL_LOGOUT not in (claims.get("events") or {}) or "nonce" in claims:
        return JSONResponse({"error": "invalid_request", "error_description": "not a logout token"}, status_code=400)
    async with request.app.state.db.engine.begin() as conn:
        ended = await sessions.close_provider_session(
            conn, provider_session=claims.get("sid"), subject=claims.get("sub")
        )
    log.info("back-channel logout: %d session(s) ended", ended)
    return Response(status_code=200, headers={"Cache-Control": "no-store"})


@router.post("/auth/session")
async def keep_alive(request: Request):
    """The page's "stay signed in": a refresh now, which extends the provider's session."""
    principal = await session_principal(request, refresh_within=timedelta(days=1))
    if principal is None:
        return JSONResponse({"signed_in": False}, status_code=401)
    return {"signed_in": True, "ends_at": request.state.web_session.ends_at.isoformat()}
