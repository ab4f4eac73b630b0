"""The keys that verify tokens: the identity provider's published set (JWKS), cached and fetched
again when a token names a key not seen yet (so a rotation needs no restart); or, in development,
one static public key."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

import httpx
import jwt

log = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]  # never "none", never HS* (a public key used as an HMAC secret)


class InvalidToken(Exception):
    """The token cannot be trusted; the message says why (never echoes the token)."""


class ProviderUnreachable(Exception):
    """The identity provider's keys could not be fetched: the token can be neither trusted nor refused."""


class KeySource(Protocol):
    issuer: str

    async def key(self, kid: str | None) -> Any: ...


class StaticKey:
    """One PEM public key for one issuer (development tokens)."""

    def __init__(self, issuer: str, public_key_pem: bytes):
        self.issuer, self.public_key_pem = issuer, public_key_pem

    async def key(self, kid: str | None) -> bytes:
        return self.public_key_pem


class ProviderKeys:
    """An OpenID provider's signing keys, from its discovery document's `jwks_uri`.

    Keys are kept in memory; an unknown `kid` fetches the set again, at most once a second (a flood of
    made-up kids cannot turn into a flood of requests to the provider)."""

    def __init__(self, issuer: str, *, min_refresh_seconds: float = 1):
        self.issuer = issuer.rstrip("/")
        self.min_refresh_seconds = min_refresh_seconds
        self._keys: dict[str | None, Any] = {}
        self._jwks_uri: str | None = None
        self._fetched_at = float("-inf")
        self._unreachable: ProviderUnreachable | None = None  # the last fetch's failure, if it failed
        self._lock = asyncio.Lock()

    async def key(self, kid: str | None) -> Any:
        if kid not in self._keys:
            async with self._lock:
                if kid not in self._keys and time.monotonic() - self._fetched_at >= self.min_refresh_seconds:
                    await self._fetch()
        if kid not in self._keys:
            if self._unreachable is not None:  # a 503, not a 401: the token may well be good
                raise self._unreachable
            raise InvalidToken("token signed with a key the identity provider does not publish")
        return self._keys[kid]

    async def discovery(self) -> dict[str, Any]:
        return await _get_json(f"{self.issuer}/.well-known/openid-configuration")

    async def _fetch(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            if self._jwks_uri is None:
                self._jwks_uri = (await self.discovery())["jwks_uri"]
            published = await _get_json(self._jwks_uri)
        except ProviderUnreachable as exc:
            self._unreachable = exc
            raise
        self._unreachable = None
        signing = [k for k in published.get("keys", []) if k.get("use", "sig") == "sig" and k.get("kty") == "RSA"]
        keys = {jwk.key_id: jwk.key for jwk in jwt.PyJWKSet.from_dict({"keys": signing}).keys} if signing else {}
        self._keys = keys
        log.info("identity provider's signing keys fetched: %d", len(keys))


async def _get_json(url: str) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            answer = await client.get(url)
            answer.raise_for_status()
            return answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderUnreachable(f"identity provider unreachable ({type(exc).__name__})") from exc
