"""Keycloak's admin REST API for the dev stack and the tests: tenants' groups, users, machine
clients, signing keys, other realms; and users' tokens without a browser."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

import httpx

from devstack.keycloak import REALM, REALM_FILE


class KeycloakAdmin:
    """Keycloak's admin REST API as the master realm's bootstrap admin, on one realm."""

    def __init__(self, url: str, password: str, *, realm: str = REALM):
        self.url, self.realm = url, realm
        self.http = httpx.Client(base_url=f"{url}/admin/realms/{realm}", auth=_AdminToken(url, password), timeout=30)
        self._password = password

    def ensure_tenant(self, slug: str) -> str:
        """The tenant's group `tenant-<slug>` (attribute `tenant = <slug>`), created if absent; its id."""
        name = f"tenant-{slug}"
        if found := self._group_id(name):
            return found
        created = self.http.post("/groups", json={"name": name, "attributes": {"tenant": [slug]}})
        if created.status_code == 409:  # created meanwhile by another thread
            return self._group_id(name) or _created_id(created)
        return _created_id(created)

    def _group_id(self, name: str) -> str | None:
        found = self.http.get("/groups", params={"search": name, "exact": "true"}).raise_for_status().json()
        return next((group["id"] for group in found if group["name"] == name), None)

    def find_user(self, username: str) -> str | None:
        found = self.http.get("/users", params={"username": username, "exact": "true"}).raise_for_status().json()
        return found[0]["id"] if found else None

    def create_user(self, username: str, *, tenant: str | None, roles: Iterable[str], password: str) -> str:
        """A user who signs in with `password`, member of the tenant's group, with these realm roles."""
        created = self.http.post(
            "/users",
            json={
                "username": username,
                "enabled": True,
                "firstName": username.split("-")[0].capitalize(),
                "lastName": tenant or "Département",
                "email": f"{username}@passerelle.invalid",  # .invalid: never deliverable
                "emailVerified": True,
                "credentials": [{"type": "password", "value": password, "temporary": False}],
            },
        )
        user_id = _created_id(created)
        self._grant(user_id, tenant=tenant, roles=roles)
        return user_id

    def sign_out_everywhere(self, username: str) -> None:
        """End every session of the user at the provider (as an administrator would)."""
        user_id = self.find_user(username)
        assert user_id, f"no user {username}"
        self.http.post(f"/users/{user_id}/logout").raise_for_status()

    def _grant(self, user_id: str, *, tenant: str | None, roles: Iterable[str]) -> None:
        if tenant is not None:
            self.http.put(f"/users/{user_id}/groups/{self.ensure_tenant(tenant)}").raise_for_status()
        wanted = [self.http.get(f"/roles/{role}").raise_for_status().json() for role in roles]
        if wanted:
            self.http.post(f"/users/{user_id}/role-mappings/realm", json=wanted).raise_for_status()

    def create_subscriber_client(self, client_id: str, *, tenant: str) -> str:
        """A machine client (client credentials) whose service account has the role subscriber and
        the tenant's group, created if absent; its secret."""
        found = self.http.get("/clients", params={"clientId": client_id}).raise_for_status().json()
        if found:
            internal_id = found[0]["id"]
        else:
            internal_id = _created_id(
                self.http.post(
                    "/clients",
                    json={
                        "clientId": client_id,
                        "description": f"Abonné aux indicateurs de {tenant}",
                        "publicClient": False,
                        "serviceAccountsEnabled": True,
                        "standardFlowEnabled": False,
                        "directAccessGrantsEnabled": False,
                        "fullScopeAllowed": False,  # roles in tokens: Passerelle's only (the scope's mappings)
                    },
                )
            )
            account = self.http.get(f"/clients/{internal_id}/service-account-user").raise_for_status().json()
            self._grant(account["id"], tenant=tenant, roles=["subscriber"])
        return self.http.get(f"/clients/{internal_id}/client-secret").raise_for_status().json()["value"]

    def user_tokens(self, username: str, password: str) -> dict:
        """A user's tokens without a browser, through the tests' own client (resource owner password
        grant), which `ensure_tests_client` adds to a test session's realm only: never in the realm file."""
        self.ensure_tests_client()
        return self._token(
            {
                "grant_type": "password",
                "client_id": TESTS_CLIENT,
                "username": username,
                "password": password,
                "scope": "openid",
            }
        )

    def client_tokens(self, client_id: str, secret: str) -> dict:
        return self._token({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})

    def _token(self, form: dict[str, str]) -> dict:
        answer = httpx.post(f"{self.url}/realms/{self.realm}/protocol/openid-connect/token", data=form, timeout=30)
        return answer.raise_for_status().json()

    def ensure_tests_client(self) -> None:
        if self.http.get("/clients", params={"clientId": TESTS_CLIENT}).raise_for_status().json():
            return
        answer = self.http.post(
            "/clients",
            json={
                "clientId": TESTS_CLIENT,
                "description": "Tests only: tokens without a browser",
                "publicClient": True,
                "standardFlowEnabled": False,
                "directAccessGrantsEnabled": True,
                "fullScopeAllowed": False,
            },
        )
        if answer.status_code != 409:  # another thread of the same session created it first
            answer.raise_for_status()

    def rotate_signing_key(self) -> str:
        """A new RSA signing key with a higher priority, so new tokens carry a new kid; the older
        keys turn passive (they still verify the tokens they signed). The new kid."""
        keys = self.http.get("/keys").raise_for_status().json()
        priority = 1 + max(k.get("providerPriority", 0) for k in keys["keys"] if k["algorithm"] == "RS256")
        providers = self.http.get("/components", params={"type": KEY_PROVIDER}).raise_for_status().json()
        for provider in providers:
            if provider["providerId"] in ("rsa-generated", "rsa"):
                provider["config"]["active"] = ["false"]
                self.http.put(f"/components/{provider['id']}", json=provider).raise_for_status()
        realm_id = self.http.get("").raise_for_status().json()["id"]
        self.http.post(
            "/components",
            json={
                "name": f"rsa-{priority}",
                "providerId": "rsa-generated",
                "providerType": KEY_PROVIDER,
                "parentId": realm_id,
                "config": {
                    "priority": [str(priority)],
                    "keySize": ["2048"],
                    "algorithm": ["RS256"],
                    "active": ["true"],
                    "enabled": ["true"],
                },
            },
        ).raise_for_status()
        return self.http.get("/keys").raise_for_status().json()["active"]["RS256"]

    def create_realm(self, name: str) -> KeycloakAdmin:
        """Another realm made from the same file (same roles, claims and mappers, without the page
        clients): its tokens look like ours but come from another issuer, signed by other keys."""
        realm = json.loads(REALM_FILE.read_text())
        realm.update(realm=name, clients=[], users=[])  # users: the clients' service accounts
        master = httpx.Client(base_url=f"{self.url}/admin/realms", auth=self.http.auth, timeout=30)
        master.post("", json=realm).raise_for_status()
        return KeycloakAdmin(self.url, self._password, realm=name)


TESTS_CLIENT = "passerelle-tests"
KEY_PROVIDER = "org.keycloak.keys.KeyProvider"


def _created_id(answer: httpx.Response) -> str:
    """The id of what a POST created, from its Location header."""
    answer.raise_for_status()
    return answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


class _AdminToken(httpx.Auth):
    """The master realm's admin token (it lives a minute), fetched again shortly before it expires."""

    def __init__(self, url: str, password: str):
        self.url, self.password = url, password
        self.token, self.expires = "", 0.0

    def auth_flow(self, request: httpx.Request):
        if time.monotonic() > self.expires - 10:
            answer = (
                httpx.post(
                    f"{self.url}/realms/master/protocol/openid-connect/token",
                    data={
                        "grant_type": "password",
                        "client_id": "admin-cli",
                        "username": "admin",
                        "password": self.password,
                    },
                    timeout=30,
                )
                .raise_for_status()
                .json()
            )
            self.token, self.expires = answer["access_token"], time.monotonic() + answer["expires_in"]
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request
