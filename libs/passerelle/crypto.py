"""Personal data sealed with the tenant's key (AES-256-GCM), so the shared Kafka cluster never
holds it in clear. The tenant's current key is `<keys dir>/<tenant>.key` (32 random bytes,
base64); keys live outside the repository and are created by `passerelle tenant create`.
After `passerelle tenant rotate-key`, new data is sealed with the new key and the former one is
kept as `<tenant>.<key id>.key`, to open what it sealed."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from passerelle.contracts.events import SealedPersonalData

ALGORITHM = "AES-256-GCM"


class MissingTenantKey(RuntimeError):
    """No key for this tenant: personal data cannot be sealed or opened."""


class TamperedData(ValueError):
    """The sealed data does not open with this tenant's key and context."""


class TenantKeyring:
    def __init__(self, directory: Path):
        self.directory = directory

    def key(self, tenant: str, kid: str | None = None) -> bytes:
        """The tenant's current key, or the former key `kid` (as named in sealed data)."""
        current = _read(self.directory / f"{tenant}.key")
        if current is None:
            raise MissingTenantKey(f"no key for tenant {tenant}")
        if kid is None or kid == key_id(current):
            return current
        former = _read(self.directory / f"{tenant}.{kid}.key")
        if former is None:
            raise MissingTenantKey(f"no key {kid} for tenant {tenant}")
        return former

    def seal(self, tenant: str, data: dict, *, context: str) -> SealedPersonalData:
        """Encrypt `data` for `tenant`; `context` (the event's subject) is bound as associated data."""
        key = self.key(tenant)
        return seal_with(key, data, aad=aad(tenant, context), named=key_id(key))

    def open(self, tenant: str, sealed: SealedPersonalData, *, context: str) -> dict:
        return open_with(self.key(tenant, sealed.key_id), sealed, aad=aad(tenant, context), whose="this tenant's")


def seal_with(key: bytes, data: dict, *, aad: bytes, named: str) -> SealedPersonalData:
    """`data` encrypted with `key` (AES-256-GCM), `aad` bound to it; `named` is the key's id as the seal says it."""
    nonce = os.urandom(12)
    ciphertext = AESGCM(key).encrypt(nonce, json.dumps(data, default=str).encode(), aad)
    return SealedPersonalData(algorithm=ALGORITHM, key_id=named, nonce=b64(nonce), ciphertext=b64(ciphertext))


def open_with(key: bytes, sealed: SealedPersonalData, *, aad: bytes, whose: str) -> dict:
    try:
        plain = AESGCM(key).decrypt(base64.b64decode(sealed.nonce), base64.b64decode(sealed.ciphertext), aad)
    except InvalidTag as exc:
        raise TamperedData(f"sealed personal data does not open with {whose} key") from exc
    return json.loads(plain)


def new_tenant_key(directory: Path, tenant: str) -> Path:
    """Create the tenant's key once (never overwritten: that would lose every sealed datum)."""
    path = directory / f"{tenant}.key"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(b64(AESGCM.generate_key(bit_length=256)) + "\n")
    return path


def rotate_tenant_key(directory: Path, tenant: str) -> str:
    """Make a new current key for the tenant; keep the former one under its id. Returns the new id."""
    path = directory / f"{tenant}.key"
    current = _read(path)
    if current is None:
        raise MissingTenantKey(f"no key for tenant {tenant}")
    former = directory / f"{tenant}.{key_id(current)}.key"
    former.touch(mode=0o600)
    former.write_text(b64(current) + "\n")
    new = AESGCM.generate_key(bit_length=256)
    path.write_text(b64(new) + "\n")
    return key_id(new)


def _read(path: Path) -> bytes | None:
    return base64.b64decode(path.read_text().strip()) if path.exists() else None


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


def aad(tenant: str, context: str) -> bytes:
    """What a seal is bound to: the tenant and what it is about (a referral's id, a person's)."""
    return f"{tenant}|{context}".encode()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
