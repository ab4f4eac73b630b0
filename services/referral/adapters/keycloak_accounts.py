"""The realm's accounts through Keycloak's admin REST API, as the service account of the client
`passerelle-accounts` (client credentials). That account may change every user of the realm: the
limit to one tenant is kept by referral.domain.accounts, before any call here (docs/operations.md)."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client

from passerelle.auth import KNOWN_ROLES, Role
from passerelle.errors import InvalidInput, NotFound
from passerelle.signing_keys import ProviderUnreachable
from referral.domain.accounts import Account

TENANT_GROUP = "tenant-"  # a tenant is the group tenant-<slug>, whose attribute `tenant` is the slug
SERVICE_ACCOUNT = "service-account-"  # Keycloak's prefix for a machine client's own user
LISTED = {"briefRepresentation": "true", "max": "1000"}


class KeycloakAccounts:
    def __init__(self, issuer: str, *, client_id: str, client_secret: str, admin_url: str | None = None):
        """`admin_url`: where Keycloak answers inside the cluster (its public address may expose the
        realm's pages only); the issuer's origin otherwise."""
        public, realm = issuer.rstrip("/").rsplit("/realms/", 1)
        origin = (admin_url or public).rstrip("/")
        # Authlib keeps the token and fetches a new one a minute before it expires
        self.http = AsyncOAuth2Client(
            client_id,
            client_secret,
            token_endpoint=f"{origin}/realms/{realm}/protocol/openid-connect/token",
            grant_type="client_credentials",
            base_url=f"{origin}/admin/realms/{realm}",
            timeout=15,
        )
        self._groups: dict[str, str] = {}  # slug → group id; a tenant's group is never deleted
        self._roles: dict[str, dict] = {}

    async def members(self, tenant: str) -> list[Account]:
        """The tenant's people (its machine subscribers left out), with their Passerelle roles."""
        group = await self._group(tenant)
        if group is None:
            return []
        users = (await self._call("GET", f"/groups/{group}/members", params=LISTED)).json()
        people = [u for u in users if not u["username"].startswith(SERVICE_ACCOUNT)]
        roles = await asyncio.gather(*(self._roles_of(u["id"]) for u in people))
        return [_account(u, tenant=tenant, roles=r) for u, r in zip(people, roles, strict=True)]

    async def pending(self) -> list[Account]:
        """Enabled accounts with no Passerelle role and no tenant: first sign-ins awaiting approval."""
        with_role = set()
        for role in KNOWN_ROLES:
            users = (await self._call("GET", f"/roles/{role}/users", params=LISTED)).json()
            with_role |= {u["id"] for u in users}
        users = (await self._call("GET", "/users", params={**LISTED, "enabled": "true"})).json()
        candidates = [u for u in users if u["id"] not in with_role and not u["username"].startswith(SERVICE_ACCOUNT)]
        tenants = await asyncio.gather(*(self._tenant_of(u["id"]) for u in candidates))
        return [
            _account(u, tenant=None, roles=frozenset()) for u, t in zip(candidates, tenants, strict=True) if t is None
        ]

    async def account(self, account_id: str) -> Account:
        user = (await self._call("GET", f"/users/{account_id}")).json()
        tenant, roles = await asyncio.gather(self._tenant_of(account_id), self._roles_of(account_id))
        return _account(user, tenant=tenant, roles=roles)

    async def invite(
        self, tenant: str, *, username: str, first_name: str, last_name: str, email: str, roles: frozenset[Role]
    ) -> tuple[Account, str]:
        """A new account in the tenant's group; its temporary password, to change at first sign-in."""
        await self._group(tenant, create=True)
        password = secrets.token_urlsafe(12)
        answer = await self._call(
            "POST",
            "/users",
            json={
                "username": username,
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "enabled": True,
                "groups": [f"/{TENANT_GROUP}{tenant}"],
                "credentials": [{"type": "password", "value": password, "temporary": True}],
                "requiredActions": ["UPDATE_PASSWORD"],
            },
        )
        account_id = answer.headers["Location"].rsplit("/", 1)[-1]
        await self.change_roles(account_id, give=roles, remove=frozenset())
        return await self.account(account_id), password

    async def change_roles(self, account_id: str, *, give: frozenset[Role], remove: frozenset[Role]) -> None:
        if give:
            await self._call("POST", f"/users/{account_id}/role-mappings/realm", json=await self._role_list(give))
        if remove:
            await self._call("DELETE", f"/users/{account_id}/role-mappings/realm", json=await self._role_list(remove))

    async def disable(self, account_id: str) -> None:
        """The account can no longer sign in, and its open sessions end now."""
        user = (await self._call("GET", f"/users/{account_id}")).json()
        # the whole representation goes back: a partial one could clear the fields it leaves out
        await self._call("PUT", f"/users/{account_id}", json={**user, "enabled": False})
        await self._call("POST", f"/users/{account_id}/logout")

    async def join(self, account_id: str, tenant: str) -> None:
        group = await self._group(tenant, create=True)
        await self._call("PUT", f"/users/{account_id}/groups/{group}")

    async def _group(self, tenant: str, *, create: bool = False) -> str | None:
        if tenant in self._groups:
            return self._groups[tenant]
        name = TENANT_GROUP + tenant
        found = (await self._call("GET", "/groups", params={"search": name, "exact": "true"})).json()
        ids = [g["id"] for g in found if g["name"] == name]
        if not ids and not create:
            return None
        if not ids:
            answer = await self._call("POST", "/groups", json={"name": name, "attributes": {"tenant": [tenant]}})
            ids = [answer.headers["Location"].rsplit("/", 1)[-1]]
        self._groups[tenant] = ids[0]
        return ids[0]

    async def _tenant_of(self, account_id: str) -> str | None:
        groups = (await self._call("GET", f"/users/{account_id}/groups")).json()
        tenants = [g["name"].removeprefix(TENANT_GROUP) for g in groups if g["name"].startswith(TENANT_GROUP)]
        return tenants[0] if tenants else None

    async def _roles_of(self, account_id: str) -> frozenset[Role]:
        mapped = (await self._call("GET", f"/users/{account_id}/role-mappings/realm")).json()
        return frozenset(Role(r["name"]) for r in mapped if r["name"] in KNOWN_ROLES)

    async def _role_list(self, roles: frozenset[Role]) -> list[dict]:
        for role in roles - self._roles.keys():
            self._roles[role] = (await self._call("GET", f"/roles/{role}")).json()
        return [self._roles[role] for role in sorted(roles)]

    async def _call(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            if not self.http.token:
                await self.http.fetch_token()
            answer = await self.http.request(method, path, **options)
            if answer.status_code == 401:  # a token Keycloak no longer honours (restarted, revoked): once more
                await self.http.fetch_token()
                answer = await self.http.request(method, path, **options)
        except httpx.TransportError as exc:
            raise ProviderUnreachable(f"Keycloak's admin API cannot be reached: {exc}") from exc
        if answer.status_code == 404:
            raise NotFound("account")
        if answer.status_code == 409:  # Keycloak says which: "User exists with same username" (or email)
            field = "email" if "email" in answer.text else "username"
            raise InvalidInput(field, "already taken")
        if answer.status_code >= 500:
            raise ProviderUnreachable(f"Keycloak's admin API answered {answer.status_code}")
        answer.raise_for_status()
        return answer


def _account(user: dict, *, tenant: str | None, roles: frozenset[Role]) -> Account:
    name = " ".join(part for part in (user.get("firstName"), user.get("lastName")) if part)
    return Account(
        id=user["id"],
        username=user["username"],
        name=name or user["username"],
        enabled=user.get("enabled", True),
        roles=roles,
        tenant=tenant,
    )
