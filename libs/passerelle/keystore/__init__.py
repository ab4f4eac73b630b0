"""Each beneficiary's own data key (crypto-shredding).

Personal data in an event is sealed with a random AES-256-GCM key of the person's own, never with
the tenant's. That key lives outside the event log, in the key store: a PostgreSQL database of its
own (PASSERELLE_KEYSTORE_URL) that only the services which seal or open identities reach
(referral, cases), each key wrapped by the tenant's key. Erasing the person destroys the key: from
then on no copy of what was sealed with it — live topic, replay, rebuild, a backup of the log —
opens, and opening says so (`PersonErased`) rather than failing. Rotating the tenant's key rewraps
the persons' keys; the log is not touched. A KMS (Vault's transit engine) would implement the
same four operations: `seal`, `open`, `destroy`, `rewrap`.
"""

from __future__ import annotations

import base64
import os
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import create_async_engine

from passerelle import clock
from passerelle.contracts.events import SealedPersonalData
from passerelle.crypto import TamperedData, TenantKeyring, aad, b64, key_id, open_with, seal_with
from passerelle.keystore.tables import person_keys

PERSON = "person:"  # key ids of persons' keys; a bare id is a tenant's key (events sealed before keys per person)


class PersonErased(Exception):
    """The person's key was destroyed (erasure, anonymisation): what it sealed is gone for good."""


class MissingPersonKey(RuntimeError):
    """No key for this person in this tenant: nothing was sealed for them here."""


def keystore_from(settings) -> KeyStore | None:
    """The key store of a service that seals or opens identities (its URL and the tenant keys set)."""
    if settings.keystore_url is None or settings.tenant_keys_dir is None:
        return None
    return KeyStore(settings.keystore_url, TenantKeyring(settings.tenant_keys_dir))


class KeyStore:
    def __init__(self, url: str, tenant_keys: TenantKeyring):
        self.engine = create_async_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True, hide_parameters=True)
        self.tenant_keys = tenant_keys

    async def seal(self, tenant: str, person: uuid.UUID, data: dict, *, context: str) -> SealedPersonalData:
        """Encrypt `data` with the person's key (made on first use); `context` is bound as associated data."""
        key = await self._person_key(tenant, person, create=True)
        return seal_with(key, data, aad=aad(tenant, context), named=PERSON + key_id(key))

    async def open(self, tenant: str, person: uuid.UUID, sealed: SealedPersonalData, *, context: str) -> dict:
        """What was sealed, or PersonErased; data sealed before keys per person opens with the tenant's key."""
        if not sealed.key_id.startswith(PERSON):
            return self.tenant_keys.open(tenant, sealed, context=context)
        key = await self._person_key(tenant, person, create=False)
        if PERSON + key_id(key) != sealed.key_id:
            raise TamperedData("sealed personal data names another key than this person's")
        return open_with(key, sealed, aad=aad(tenant, context), whose="this person's")

    async def destroy(self, tenant: str, person: uuid.UUID) -> None:
        """Erase the person's key for ever (idempotent); a key never made is recorded as destroyed too."""
        now = clock.now()
        async with self.engine.begin() as conn:
            statement = insert(person_keys).values(
                tenant_id=tenant, beneficiary_pid=person, created_at=now, destroyed_at=now
            )
            await conn.execute(
                statement.on_conflict_do_update(
                    index_elements=["tenant_id", "beneficiary_pid"],
                    set_={"wrapped": None, "wrapped_with": None, "key_id": None, "destroyed_at": now},
                    where=person_keys.c.destroyed_at.is_(None),
                )
            )

    async def live(self) -> set[tuple[str, uuid.UUID]]:
        """The (tenant, person) of every key that still opens something."""
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                select(person_keys.c.tenant_id, person_keys.c.beneficiary_pid).where(person_keys.c.wrapped.is_not(None))
            )
            return {(row.tenant_id, row.beneficiary_pid) for row in rows}

    async def rewrap(self, tenant: str) -> int:
        """Wrap every live key of the tenant with its current key (after `passerelle tenant rotate-key`)."""
        current = key_id(self.tenant_keys.key(tenant))
        done = 0
        async with self.engine.begin() as conn:
            rows = await conn.execute(
                select(person_keys).where(
                    person_keys.c.tenant_id == tenant,
                    person_keys.c.wrapped.is_not(None),
                    person_keys.c.wrapped_with != current,
                )
            )
            for row in rows.all():
                key = self._unwrap(tenant, row)
                await conn.execute(
                    update(person_keys)
                    .where(person_keys.c.tenant_id == tenant, person_keys.c.beneficiary_pid == row.beneficiary_pid)
                    .values(wrapped=self._wrap(tenant, row.beneficiary_pid, key), wrapped_with=current)
                )
                done += 1
        return done

    async def dispose(self) -> None:
        await self.engine.dispose()

    async def _person_key(self, tenant: str, person: uuid.UUID, *, create: bool) -> bytes:
        async with self.engine.begin() as conn:
            row = (await conn.execute(_row(tenant, person))).first()
            if row is None and create:
                key = AESGCM.generate_key(bit_length=256)
                statement = insert(person_keys).values(
                    tenant_id=tenant,
                    beneficiary_pid=person,
                    key_id=key_id(key),
                    wrapped=self._wrap(tenant, person, key),
                    wrapped_with=key_id(self.tenant_keys.key(tenant)),
                    created_at=clock.now(),
                )
                await conn.execute(statement.on_conflict_do_nothing())  # made meanwhile: that one wins
                row = (await conn.execute(_row(tenant, person))).first()
        if row is None:
            raise MissingPersonKey(f"no key for {person} in tenant {tenant}")
        if row.wrapped is None:
            raise PersonErased(f"the personal data of {person} was erased: its key is destroyed")
        return self._unwrap(tenant, row)

    def _wrap(self, tenant: str, person: uuid.UUID, key: bytes) -> str:
        nonce = os.urandom(12)
        return b64(nonce + AESGCM(self.tenant_keys.key(tenant)).encrypt(nonce, key, aad(tenant, str(person))))

    def _unwrap(self, tenant: str, row) -> bytes:
        raw = base64.b64decode(row.wrapped)
        wrapping = self.tenant_keys.key(tenant, row.wrapped_with)
        return AESGCM(wrapping).decrypt(raw[:12], raw[12:], aad(tenant, str(row.beneficiary_pid)))


def _row(tenant: str, person: uuid.UUID):
    return select(person_keys).where(person_keys.c.tenant_id == tenant, person_keys.c.beneficiary_pid == person)
