"""Access tokens: RS256 JWTs carrying sub, tenant and roles, verified for signature, issuer, expiry and
audience against the identity provider's published keys (passerelle.signing_keys)."""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt

from passerelle.signing_keys import ALGORITHMS, InvalidToken, KeySource

DEV_ISSUER = "passerelle-dev"  # tokens minted by `passerelle token`: local runs and tests only
VERIFIED_TOKENS_KEPT = 4096  # a service's memory of tokens it verified, the oldest forgotten first


class Role(StrEnum):
    REFERRER = "referrer"
    MEDIATOR = "mediator"
    COORDINATOR = "coordinator"
    OPERATOR = "operator"
    SUBSCRIBER = "subscriber"


KNOWN_ROLES = frozenset(str(role) for role in Role)


@dataclass(frozen=True)
class Principal:
    subject: str
    tenant: str | None  # None for the département's operators, and for an account still pending
    roles: frozenset[Role]
    name: str | None = None  # the provider's username
    display_name: str | None = None  # the person's name, as the provider's claims give it
    email: str | None = None  # the professional's address, as the provider's claims give it

    @property
    def own_tenant(self) -> str:
        """The tenant of a tenant role's user (every role but the operator's has one)."""
        if self.tenant is None:
            raise PermissionError("a user of the département has no tenant of their own")
        return self.tenant

    @property
    def pending(self) -> bool:
        """Signed in, but given no role yet: an operator or a coordinator must approve the account."""
        return not self.roles


class TokenVerifier:
    """Verifies tokens of the issuers it trusts, each with its own keys (a provider's JWKS, or the
    development key)."""

    def __init__(self, sources: Iterable[KeySource], *, audience: str):
        self.sources = {source.issuer: source for source in sources}
        self.audience = audience
        # tokens already verified, until they expire: a client sends the same token with each request, and
        # checking its signature again each time was a tenth of a request's work (bin/benchmark)
        self._verified: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()

    async def verify(self, token: str) -> Principal:
        digest = hashlib.sha256(token.encode()).digest()
        if (known := self._verified.get(digest)) is not None and known[1] > time.time():
            return known[0]
        claims = await self.claims(token, audience=self.audience, required=("exp", "sub", "aud"))
        principal = principal_from(claims)
        self._verified[digest] = (principal, float(claims["exp"]))
        while len(self._verified) > VERIFIED_TOKENS_KEPT:
            self._verified.popitem(last=False)
        return principal

    async def claims(self, token: str, *, audience: str, required: Iterable[str]) -> dict[str, Any]:
        """The token's claims once its signature, issuer, audience and times are checked."""
        try:
            header = jwt.get_unverified_header(token)
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"invalid token: {exc}") from exc
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken(f"token not signed with {', '.join(ALGORITHMS)}")
        source = self.sources.get(issuer) if isinstance(issuer, str) else None
        if source is None:
            raise InvalidToken("token from an issuer this platform does not trust")
        key = await source.key(header.get("kid"))
        try:
            return jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=audience,
                issuer=issuer,
                options={"require": ["iss", "iat", *required]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"invalid token: {exc}") from exc


def principal_from(claims: dict[str, Any]) -> Principal:
    """The person or machine a verified token speaks for. Roles the platform does not know (the
    provider's own, such as `offline_access`) are ignored; a tenant role without a tenant is refused."""
    listed, tenant, subject = claims.get("roles", []), claims.get("tenant"), claims["sub"]
    name = claims.get("preferred_username")
    if not isinstance(subject, str) or not isinstance(listed, list) or not isinstance(tenant, str | None):
        raise InvalidToken("malformed claims: sub and tenant are strings, roles a list")
    roles = frozenset(Role(r) for r in listed if isinstance(r, str) and r in KNOWN_ROLES)
    if tenant is None and roles - {Role.OPERATOR}:
        raise InvalidToken("token has no tenant")
    username = name if isinstance(name, str) else None
    given = " ".join(str(claims[c]) for c in ("given_name", "family_name") if isinstance(claims.get(c), str))
    full = claims.get("name") if isinstance(claims.get("name"), str) else given
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    return Principal(
        subject=subject, tenant=tenant, roles=roles, name=username, display_name=full or username, email=email
    )


def mint_token(
    private_key_pem: bytes,
    *,
    subject: str,
    tenant: str | None,
    roles: list[Role],
    audience: str = "passerelle",
    ttl_seconds: int = 8 * 3600,
) -> str:
    """A development token (`passerelle token`, tests): accepted only by services started with
    PASSERELLE_DEV_TOKENS_KEY_FILE, which a deployment over https refuses (passerelle.settings)."""
    now = int(time.time())
    claims = {
        "sub": subject,
        "roles": [str(r) for r in roles],
        "aud": audience,
        "iss": DEV_ISSUER,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if tenant is not None:
        claims["tenant"] = tenant
    return jwt.encode(claims, private_key_pem, algorithm="RS256")


def generate_key_pair() -> tuple[bytes, bytes]:
    """A new RSA key pair (private PEM, public PEM) for signing development tokens."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public
