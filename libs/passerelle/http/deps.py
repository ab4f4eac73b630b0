"""FastAPI dependencies shared by every service's routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from passerelle import registry
from passerelle.auth import InvalidToken, Principal, Role
from passerelle.db import Database
from passerelle.keystore import KeyStore

_bearer = HTTPBearer(auto_error=False, description="RS256 access token of the identity provider (sub, tenant, roles)")


def _unauthorized(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=reason, headers={"WWW-Authenticate": "Bearer"})


async def current_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None:
        raise _unauthorized("missing bearer token")
    try:
        return await verified_principal(request, credentials.credentials)
    except InvalidToken as exc:
        raise _unauthorized(str(exc)) from exc


async def verified_principal(request: Request, token: str) -> Principal:
    """The token's principal, whose tenant (if any) is a registered one: a validly signed token naming
    no tenant of the département must not reach data, nor create a shared partner in a void."""
    principal = await request.app.state.verifier.verify(token)
    if principal.tenant is None:
        return principal
    known: set[str] = request.app.state.registered_tenants
    if principal.tenant not in known:  # tenants are never unregistered: a positive answer is kept
        async with request.app.state.db.unit_of_work(tenant=None) as lookup:
            if not await registry.is_registered(uow=lookup, tenant_id=principal.tenant):
                raise InvalidToken("the token's tenant is not registered")
        known.add(principal.tenant)
    return principal


def require_roles(*roles: Role):
    """A dependency that admits a principal holding one of `roles` (403 otherwise)."""

    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.roles & set(roles):
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=f"requires one of the roles: {', '.join(roles)}")
        return principal

    return check


async def get_database(request: Request) -> Database:  # async: a plain function would cost a thread hop
    return request.app.state.db


async def get_keystore(request: Request) -> KeyStore:
    keystore = getattr(request.app.state, "keystore", None)
    if keystore is None:
        detail = "the key store is not configured (PASSERELLE_KEYSTORE_URL, PASSERELLE_TENANT_KEYS_DIR)"
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=detail)
    return keystore


DatabaseDep = Annotated[Database, Depends(get_database)]
KeystoreDep = Annotated[KeyStore, Depends(get_keystore)]
Mediator = Annotated[Principal, Depends(require_roles(Role.MEDIATOR, Role.COORDINATOR))]
Coordinator = Annotated[Principal, Depends(require_roles(Role.COORDINATOR))]
