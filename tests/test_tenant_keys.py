"""Tenant keys: sealing, opening, and rotation that keeps what was sealed before readable."""

from __future__ import annotations

import uuid

import pytest

from devstack.platform import KEYSTORE
from passerelle.cli import main
from passerelle.crypto import MissingTenantKey, TamperedData, TenantKeyring, key_id, new_tenant_key
from passerelle.keystore import KeyStore
from tests.support import run_async


def test_a_rotated_key_seals_new_data_and_the_former_key_still_opens_old_data(platform, tmp_path, monkeypatch):
    new_tenant_key(tmp_path, "cpts-a")
    keyring = TenantKeyring(tmp_path)
    before = keyring.seal("cpts-a", {"last_name": "Durand"}, context="referral-1")

    monkeypatch.setenv("PASSERELLE_KEYSTORE_URL", platform.postgres.url(KEYSTORE))
    main(["tenant", "rotate-key", "cpts-a", "--keys-dir", str(tmp_path)])
    after = keyring.seal("cpts-a", {"last_name": "Roux"}, context="referral-2")

    assert after.key_id != before.key_id
    assert keyring.open("cpts-a", before, context="referral-1") == {"last_name": "Durand"}
    assert keyring.open("cpts-a", after, context="referral-2") == {"last_name": "Roux"}
    assert len(list(tmp_path.glob("cpts-a*.key"))) == 2


def test_a_rotation_rewraps_the_persons_keys_and_leaves_the_log_as_it_is(platform, tmp_path, monkeypatch):
    tenant, person = f"t-{uuid.uuid4().hex[:8]}", uuid.uuid4()
    new_tenant_key(tmp_path, tenant)
    url = platform.postgres.url(KEYSTORE)

    async def seal():
        keystore = KeyStore(url, TenantKeyring(tmp_path))
        try:
            return await keystore.seal(tenant, person, {"last_name": "Durand"}, context="referral-1")
        finally:
            await keystore.dispose()

    sealed = run_async(seal())  # what the log holds: it is never rewritten
    former = key_id(TenantKeyring(tmp_path).key(tenant))
    monkeypatch.setenv("PASSERELLE_KEYSTORE_URL", url)
    main(["tenant", "rotate-key", tenant, "--keys-dir", str(tmp_path)])
    (tmp_path / f"{tenant}.{former}.key").unlink()  # the former tenant key is no longer needed to open it

    async def reopen():
        keystore = KeyStore(url, TenantKeyring(tmp_path))
        try:
            return await keystore.open(tenant, person, sealed, context="referral-1")
        finally:
            await keystore.dispose()

    assert run_async(reopen()) == {"last_name": "Durand"}
    wrapped_with = platform.postgres.psql(
        f"SELECT wrapped_with FROM person_keys WHERE beneficiary_pid = '{person}'", KEYSTORE
    ).strip()
    assert wrapped_with == key_id(TenantKeyring(tmp_path).key(tenant)) != former


def test_a_rotation_without_the_key_store_is_refused_before_anything_changes(tmp_path, monkeypatch):
    new_tenant_key(tmp_path, "cpts-a")
    monkeypatch.delenv("PASSERELLE_KEYSTORE_URL", raising=False)
    with pytest.raises(SystemExit, match="PASSERELLE_KEYSTORE_URL"):
        main(["tenant", "rotate-key", "cpts-a", "--keys-dir", str(tmp_path)])
    assert len(list(tmp_path.glob("cpts-a*.key"))) == 1


def test_creating_a_tenant_key_twice_keeps_the_first(tmp_path):
    first = new_tenant_key(tmp_path, "cpts-a").read_text()
    assert new_tenant_key(tmp_path, "cpts-a").read_text() == first


def test_a_missing_key_or_a_tampered_seal_is_refused(tmp_path):
    keyring = TenantKeyring(tmp_path)
    with pytest.raises(MissingTenantKey):
        keyring.seal("nobody", {}, context="x")
    new_tenant_key(tmp_path, "cpts-a")
    sealed = keyring.seal("cpts-a", {"phone": "0612345678"}, context="referral-1")
    forged = sealed.model_copy(update={"ciphertext": sealed.ciphertext[:-4] + "AAA="})
    with pytest.raises(TamperedData):
        keyring.open("cpts-a", forged, context="referral-1")
