"""Access tokens: RS256 JWTs carrying sub, tenant and roles, verified for signature, expiry and audience."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import jwt

ISSUER = "passerelle"


class Role(StrEnum):
    REFERRER = "referrer"
    MEDIATOR = "mediator"
    COORDINATOR = "coordinator"
    OPERATOR = "operator"
    SUBSCRIBER = "subscriber"


@dataclass(frozen=True)
class Principal:
    subject: str
    tenant: str | None  # None only for the département's operators
    roles: frozenset[Role]

    @property
    def own_tenant(self) -> str:
        """The tenant of a tenant role's user (every role but the operator's has one)."""
        if self.tenant is None:
            raise PermissionError("a user of the département has no tenant of their own")
        return self.tenant


class InvalidToken(Exception):
    """The token cannot be trusted; the message says why (never echoes the token)."""


class TokenVerifier:
    def __init__(self, public_key_pem: bytes, *, audience: str):
        self.public_key_pem, self.audience = public_key_pem, audience

    @classmethod
    def from_file(cls, path: Path, *, audience: str) -> TokenVerifier:
        return cls(path.read_bytes(), audience=audience)

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self.public_key_pem,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=ISSUER,
                options={"require": ["exp", "sub", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"invalid token: {exc}") from exc
        listed, tenant = claims.get("roles", []), claims.get("tenant")
        if not isinstance(claims["sub"], str) or not isinstance(listed, list) or not isinstance(tenant, str | None):
            raise InvalidToken("malformed claims: sub and tenant are strings, roles a list")
        try:
            roles = frozenset(Role(r) for r in listed)
        except ValueError as exc:
            raise InvalidToken(f"unknown role in token: {exc}") from exc
        if tenant is None and roles != {Role.OPERATOR}:
            raise InvalidToken("token has no tenant")
        return Principal(subject=claims["sub"], tenant=tenant, roles=roles)


def mint_token(
    private_key_pem: bytes,
    *,
    subject: str,
    tenant: str | None,
    roles: list[Role],
    audience: str = "passerelle",
    ttl_seconds: int = 8 * 3600,
) -> str:
    now = int(time.time())
    claims = {
        "sub": subject,
        "roles": [str(r) for r in roles],
        "aud": audience,
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if tenant is not None:
        claims["tenant"] = tenant
    return jwt.encode(claims, private_key_pem, algorithm="RS256")


def generate_key_pair() -> tuple[bytes, bytes]:
    """A new RSA key pair (private PEM, public PEM) for signing tokens."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public
