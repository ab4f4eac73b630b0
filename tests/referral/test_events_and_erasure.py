"""Referral events: the envelope, no personal data in clear, the case file's data sealed with the
person's own key; erasure leaves nothing personal in the referral database."""

from __future__ import annotations

import json

import pytest

from passerelle.auth import Role
from passerelle.contracts import Envelope, parse_payload, topics
from passerelle.crypto import MissingTenantKey, TamperedData, TenantKeyring, key_id
from passerelle.keystore import MissingPersonKey
from tests.support import eventually, headers_of, open_sealed, read_topic, referral_body

PERSONAL = ("Durand", "Aline", "1961-04-12", "0612345678", "Écoles", "Dr Martin", "médecin traitant")


def events_of(platform, referral_id: str) -> dict[str, Envelope]:
    records = [
        r
        for r in read_topic(platform.kafka.admin, topics.REFERRALS, seconds=1)
        if headers_of(r).get("ce_subject") == referral_id
    ]
    return {headers_of(r)["ce_type"]: Envelope.from_kafka(headers_of(r), r.value) for r in records}


def test_the_accepted_event_seals_the_case_file_with_the_persons_key_and_nothing_is_clear(platform, tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    events = eventually(lambda: len(e := events_of(platform, referral["id"])) == 2 and e, what="both events")
    for envelope in events.values():
        assert envelope.tenantid == tenant_a.tenant
        clear = json.dumps(envelope.data, ensure_ascii=False)
        assert not [value for value in PERSONAL if value in clear]

    accepted = parse_payload(events["referral.accepted"])
    assert accepted.personal_data.key_id.startswith("person:")
    opened = open_sealed(
        platform, tenant_a.tenant, accepted.beneficiary_pid, accepted.personal_data, context=referral["id"]
    )
    assert (opened["last_name"], opened["first_name"], opened["birth_date"]) == ("Durand", "Aline", "1961-04-12")
    assert opened["phone"] == "0612345678" and opened["reasons"] == ["care_rupture", "rights_access"]
    with pytest.raises(MissingTenantKey):  # the tenant's key wraps the person's; it does not open the data
        TenantKeyring(platform.tenant_keys_dir).open(tenant_a.tenant, accepted.personal_data, context=referral["id"])


def test_another_tenants_keys_cannot_open_the_sealed_data(platform, tenant_a, tenant_b):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    events = eventually(
        lambda: "referral.accepted" in (e := events_of(platform, referral["id"])) and e, what="referral.accepted"
    )
    accepted = parse_payload(events["referral.accepted"])
    sealed, person = accepted.personal_data, accepted.beneficiary_pid
    with pytest.raises(MissingPersonKey):  # B holds no key of this person
        open_sealed(platform, tenant_b.tenant, person, sealed, context=referral["id"])
    keyring = TenantKeyring(platform.tenant_keys_dir)
    forced = sealed.model_copy(update={"key_id": key_id(keyring.key(tenant_b.tenant))})
    with pytest.raises(TamperedData):  # nor does B's tenant key
        keyring.open(tenant_b.tenant, forced, context=referral["id"])
    with pytest.raises(TamperedData):  # bound to its referral: cannot be replayed onto another
        open_sealed(platform, tenant_a.tenant, person, sealed, context="another-referral")


def test_withdrawn_consent_erases_every_personal_field_and_the_event_says_so(platform, tenant_a):
    referral = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/withdraw-consent").raise_for_status()

    row = platform.postgres.psql(f"SELECT row_to_json(r) FROM referrals r WHERE id = '{referral['id']}'", "referral")
    stored = json.loads(row)
    assert stored["status"] == "withdrawn"
    assert not [value for value in PERSONAL if value in row]
    for column in (
        "last_name",
        "first_name",
        "birth_date",
        "phone",
        "address",
        "postal_code",
        "commune",
        "observations",
        "referrer",
        "identity_key",
        "consent_recorded_by",
    ):
        assert stored[column] is None, column

    events = eventually(
        lambda: "referral.consent_withdrawn" in (e := events_of(platform, referral["id"])) and e,
        what="referral.consent_withdrawn",
    )
    assert events["referral.consent_withdrawn"].data["personal_data_erased"] is True
