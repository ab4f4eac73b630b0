"""Erasure reaches the event log: each person's data is sealed with a key of their own, and erasing
them destroys it. Afterwards no sealed copy on any topic opens with any key the platform holds, and
the case file rebuilt from the log shows the person as erased."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from cases.adapters import orm  # noqa: F401  (maps the domain classes)
from cases.domain.model import Case
from cases.service_layer.opening import open_from_referral
from devstack.platform import KEYSTORE
from passerelle.auth import Role
from passerelle.contracts import Envelope, parse_payload, topics
from passerelle.contracts.events import ReferralAccepted
from passerelle.crypto import TenantKeyring
from passerelle.db import Database
from passerelle.keystore import KeyStore, PersonErased
from passerelle.migrations import upgrade
from tests.cases.conftest import open_case
from tests.support import eventually, headers_of, new_tenant, open_sealed, read_topic, run_async

SEALED_FIELDS = {"algorithm", "key_id", "nonce", "ciphertext"}


def every_record(platform) -> list:
    async def names() -> list[str]:
        admin = AIOKafkaAdminClient(**platform.kafka.admin.aiokafka())
        await admin.start()
        try:
            return [t for t in await admin.list_topics() if not t.startswith("__")]
        finally:
            await admin.close()

    return [r for topic in run_async(names()) for r in read_topic(platform.kafka.admin, topic, seconds=1.5)]


def sealed_blobs(value) -> list[dict]:
    """Every sealed datum in a decoded record value, however deep."""
    if isinstance(value, dict):
        found = [value] if set(value) >= SEALED_FIELDS else []
        return found + [blob for v in value.values() for blob in sealed_blobs(v)]
    if isinstance(value, list):
        return [blob for v in value for blob in sealed_blobs(v)]
    return []


def every_key_held(platform) -> list[bytes]:
    """Every tenant key on disk, current and former, and every person's key the key store still holds."""
    keys = [base64.b64decode(path.read_text().strip()) for path in platform.tenant_keys_dir.glob("*.key")]
    rows = platform.postgres.psql(
        "SELECT tenant_id || ' ' || beneficiary_pid || ' ' || wrapped || ' ' || wrapped_with FROM person_keys"
        " WHERE wrapped IS NOT NULL",
        KEYSTORE,
    )
    keyring = TenantKeyring(platform.tenant_keys_dir)
    for line in rows.splitlines():
        tenant, person, wrapped, wrapped_with = line.split()
        raw = base64.b64decode(wrapped)
        wrapping = keyring.key(tenant, wrapped_with)
        keys.append(AESGCM(wrapping).decrypt(raw[:12], raw[12:], f"{tenant}|{person}".encode()))
    return keys


def opens(blob: dict, keys: list[bytes], aad: bytes) -> bool:
    nonce, ciphertext = base64.b64decode(blob["nonce"]), base64.b64decode(blob["ciphertext"])
    for key in keys:
        try:
            AESGCM(key).decrypt(nonce, ciphertext, aad)
            return True
        except InvalidTag:
            continue
    return False


def accepted_events(platform, referral_id: str) -> list[Envelope]:
    return [
        Envelope.from_kafka(headers_of(r), r.value)
        for r in read_topic(platform.kafka.admin, topics.REFERRALS, seconds=1)
        if headers_of(r).get("ce_subject") == referral_id and headers_of(r).get("ce_type") == "referral.accepted"
    ]


def test_after_erasure_no_sealed_copy_opens_with_any_key_the_platform_holds(platform, tenant_a):
    erased, kept = open_case(tenant_a), open_case(tenant_a)
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    mediator.post(f"/cases/{erased['id']}/erase").raise_for_status()
    destroyed = platform.postgres.psql(
        f"SELECT wrapped IS NULL AND destroyed_at IS NOT NULL FROM person_keys WHERE beneficiary_pid = "
        f"'{erased['beneficiary_pid']}'",
        KEYSTORE,
    )
    assert destroyed.strip() == "t"

    keys, checked = every_key_held(platform), {"erased": 0, "kept": 0}
    for record in every_record(platform):
        headers = headers_of(record)
        try:
            value = json.loads(record.value or b"null")
        except ValueError:
            continue  # a poison record of another test: nothing sealed in it
        for blob in sealed_blobs(value):
            context = headers.get("ce_subject", "")
            aad = f"{headers.get('ce_tenantid')}|{context}".encode()
            if context == erased["referral_id"]:
                assert not opens(blob, keys, aad), "a sealed copy of the erased person still opens"
                checked["erased"] += 1
            elif context == kept["referral_id"]:
                assert opens(blob, keys, aad), "the search would not have found a key that opens"
                checked["kept"] += 1
    assert checked["erased"] >= 1 and checked["kept"] >= 1, checked


def test_the_case_file_rebuilt_from_the_log_shows_the_erased_person_as_erased(platform, tenant_a):
    case = open_case(tenant_a)
    tenant_a.http("cases", Role.MEDIATOR).post(f"/cases/{case['id']}/erase").raise_for_status()
    [envelope] = eventually(lambda: accepted_events(platform, case["referral_id"]), what="referral.accepted")
    payload = parse_payload(envelope)
    assert isinstance(payload, ReferralAccepted)

    database = f"rebuilt_{uuid.uuid4().hex[:8]}"
    platform.postgres.create_database(database)
    upgrade("cases", platform.postgres.url(database))

    async def rebuild() -> Case:
        db = Database(platform.postgres.url(database), service_name="cases-rebuilt")
        keystore = KeyStore(platform.postgres.url(KEYSTORE), TenantKeyring(platform.tenant_keys_dir))
        try:
            async with db.unit_of_work(tenant=tenant_a.tenant) as uow:
                await open_from_referral(keystore)(payload, envelope, uow)
                await uow.commit()
            async with db.unit_of_work(tenant=tenant_a.tenant) as uow:
                return await uow.session.scalar(select(Case).where(Case.referral_id == payload.referral_id))
        finally:
            await keystore.dispose()
            await db.dispose()

    rebuilt = run_async(rebuild())
    assert rebuilt.erased_at is not None
    assert (rebuilt.last_name, rebuilt.first_name, rebuilt.phone) == (None, None, None)
    assert rebuilt.beneficiary_pid == payload.beneficiary_pid  # the counts stay true


def test_an_erased_person_is_erased_at_once_for_a_second_erasure_too(platform, tenant_a):
    case = open_case(tenant_a)
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    assert mediator.post(f"/cases/{case['id']}/erase").status_code == 200
    again = mediator.post(f"/cases/{case['id']}/erase")
    assert again.status_code in (200, 409), again.text  # asked twice: the key stays destroyed
    count = platform.postgres.psql(
        f"SELECT count(*) FROM person_keys WHERE beneficiary_pid = '{case['beneficiary_pid']}' AND wrapped IS NULL",
        KEYSTORE,
    )
    assert count.strip() == "1"


def test_a_transfer_destroys_the_former_tenants_key_and_erasure_at_the_receiver_leaves_nothing_open(platform, tenant_a):
    case = open_case(tenant_a)
    receiver = new_tenant(platform)
    receiver.register(name="Ville de Vienne")
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    mediator.post(f"/cases/{case['id']}/transfer", json={"to_tenant": receiver.tenant}).raise_for_status()
    [envelope] = eventually(lambda: accepted_events(platform, case["referral_id"]), what="referral.accepted")
    payload = parse_payload(envelope)
    assert isinstance(payload, ReferralAccepted)
    with pytest.raises(PersonErased):  # the former tenant keeps a tombstone: its log copy opens no more
        open_sealed(
            platform, tenant_a.tenant, payload.beneficiary_pid, payload.personal_data, context=case["referral_id"]
        )
    theirs = receiver.http("cases", Role.MEDIATOR)
    [arrived] = theirs.get("/cases").json()["items"]
    assert theirs.get(f"/cases/{arrived['id']}").json()["last_name"] == "Durand"  # the receiver has it in full
    theirs.post(f"/cases/{arrived['id']}/erase").raise_for_status()
    aad = f"{tenant_a.tenant}|{case['referral_id']}".encode()
    assert not opens(payload.personal_data.model_dump(), every_key_held(platform), aad)
