"""Tenant keys: sealing, opening, and rotation that keeps what was sealed before readable."""

from __future__ import annotations

import pytest

from passerelle.cli import main
from passerelle.crypto import MissingTenantKey, TamperedData, TenantKeyring, new_tenant_key


def test_a_rotated_key_seals_new_data_and_the_former_key_still_opens_old_data(tmp_path):
    new_tenant_key(tmp_path, "cpts-a")
    keyring = TenantKeyring(tmp_path)
    before = keyring.seal("cpts-a", {"last_name": "Durand"}, context="referral-1")

    main(["tenant", "rotate-key", "cpts-a", "--keys-dir", str(tmp_path)])
    after = keyring.seal("cpts-a", {"last_name": "Roux"}, context="referral-2")

    assert after.key_id != before.key_id
    assert keyring.open("cpts-a", before, context="referral-1") == {"last_name": "Durand"}
    assert keyring.open("cpts-a", after, context="referral-2") == {"last_name": "Roux"}
    assert len(list(tmp_path.glob("cpts-a*.key"))) == 2


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
