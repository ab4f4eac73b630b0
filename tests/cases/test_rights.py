"""The person's rights: an export of everything, erasure that leaves nothing personal anywhere,
and an access log of every read, export and erasure."""

from __future__ import annotations

import json
import uuid

import pytest

from passerelle.auth import Role
from passerelle.contracts import topics
from passerelle.contracts.events import SealedPersonalData
from passerelle.keystore import PersonErased
from tests.support import eventually, headers_of, open_sealed, page_client, public_client, read_topic

PERSONAL = ("Durand", "Aline", "1961-04-12", "0612345678", "Écoles", "Saint-Ambroix", "plus de médecin traitant")


def test_the_export_holds_everything_kept_on_the_person(case, mediator):
    url = f"/cases/{case['id']}"
    mediator.put(f"{url}/barriers", json={"barriers": ["no_gp"]}).raise_for_status()
    activity = mediator.post(
        f"{url}/activities", json={"kind": "note", "occurred_on": "2026-02-03", "comment": "Souhaite un médecin femme."}
    ).json()
    mediator.delete(f"{url}/activities/{activity['id']}").raise_for_status()
    exported = mediator.get(f"{url}/export").json()
    assert exported["case"]["last_name"] == "Durand" and exported["case"]["barriers"] == ["no_gp"]
    assert exported["activities"][0]["comment"] == "Souhaite un médecin femme."  # deleted, yet held: exported
    assert {a["action"] for a in exported["access_log"]} >= {"read", "export"}


def test_erasure_leaves_nothing_personal_in_the_cases_and_referral_databases_nor_in_events(
    platform, case, tenant_a, mediator
):
    url = f"/cases/{case['id']}"
    mediator.post(
        f"{url}/activities",
        json={"kind": "note", "occurred_on": "2026-02-03", "comment": "Aline préfère être appelée le matin."},
    ).raise_for_status()
    erased = mediator.post(f"{url}/erase")
    assert erased.status_code == 200 and erased.json()["last_name"] is None and erased.json()["erased_at"]

    stored = platform.postgres.psql(
        "SELECT row_to_json(c)::text"
        " || coalesce((SELECT json_agg(a)::text FROM activities a WHERE a.case_id = c.id), '')"
        f" || coalesce((SELECT json_agg(r)::text FROM activity_revisions r JOIN activities a ON a.id = r.activity_id"
        f" WHERE a.case_id = c.id), '') FROM cases c WHERE id = '{case['id']}'",
        "cases",
    )
    assert not [value for value in PERSONAL if value in stored], stored
    assert json.loads(stored.split("}")[0] + "}")["beneficiary_pid"] == case["beneficiary_pid"]  # counts stay true

    def referral_erased() -> bool:
        row = platform.postgres.psql(
            f"SELECT row_to_json(r) FROM referrals r WHERE id = '{case['referral_id']}'", "referral"
        )
        return not [value for value in PERSONAL if value in row]

    eventually(referral_erased, what="the referral service dropped what it held of the person")

    events = [
        r
        for r in read_topic(platform.kafka.admin, topics.CASES, seconds=1)
        if headers_of(r).get("ce_subject") == case["id"]
    ]
    assert {headers_of(r)["ce_type"] for r in events} >= {"case.opened", "case.activity_recorded", "beneficiary.erased"}
    assert not [value for r in events for value in PERSONAL if value in r.value.decode()]


def test_every_read_export_and_erasure_is_in_the_access_log_that_a_coordinator_reads(tenant_a, case, mediator):
    mediator.get(f"/cases/{case['id']}").raise_for_status()
    mediator.get(f"/cases/{case['id']}/export").raise_for_status()
    mediator.post(f"/cases/{case['id']}/erase").raise_for_status()
    coordinator = tenant_a.http("cases", Role.COORDINATOR)
    entries = coordinator.get(f"/cases/{case['id']}/access-log").json()
    actions = [e["action"] for e in entries]
    assert actions[:3] == ["erase", "export", "read"] and actions.count("read") >= 2  # newest first
    assert all(e["by"] == f"mediator@{tenant_a.tenant}" for e in entries)
    assert [e["case_id"] for e in coordinator.get("/access-log").json()][:4] == [case["id"]] * 4
    assert mediator.get(f"/cases/{case['id']}/access-log").status_code == 403


def test_closing_the_case_closes_the_referrers_loop(platform, case, mediator):
    tracking_code = platform.postgres.psql(
        f"SELECT tracking_code FROM referrals WHERE id = '{case['referral_id']}'", "referral"
    ).strip()
    public = public_client(platform)
    assert public.get(f"/public/tracking/{tracking_code}").json()["status"] == "accepted"
    mediator.post(f"/cases/{case['id']}/close", json={"outcome": "improved"}).raise_for_status()
    eventually(
        lambda: public.get(f"/public/tracking/{tracking_code}").json()["status"] == "closed",
        what="the tracking status closed",
    )


def test_a_consent_withdrawn_after_acceptance_erases_the_case_and_destroys_the_person_s_key(
    platform, case, tenant_a, mediator
):
    accepted = [
        r
        for r in read_topic(platform.kafka.admin, topics.REFERRALS, seconds=1)
        if headers_of(r).get("ce_subject") == case["referral_id"] and headers_of(r)["ce_type"] == "referral.accepted"
    ]
    sealed = SealedPersonalData.model_validate(json.loads(accepted[0].value)["personal_data"])
    person = uuid.UUID(case["beneficiary_pid"])
    assert open_sealed(platform, tenant_a.tenant, person, sealed, context=case["referral_id"])["last_name"] == "Durand"

    referrals = tenant_a.http("referral", Role.MEDIATOR)
    referrals.post(f"/referrals/{case['referral_id']}/withdraw-consent").raise_for_status()

    erased = eventually(
        lambda: (found := mediator.get(f"/cases/{case['id']}").json())["erased_at"] and found, what="the case erased"
    )
    assert (erased["last_name"], erased["phone"], erased["barriers"]) == (None, None, [])
    with pytest.raises(PersonErased):
        open_sealed(platform, tenant_a.tenant, person, sealed, context=case["referral_id"])
    entries = tenant_a.http("cases", Role.COORDINATOR).get(f"/cases/{case['id']}/access-log").json()
    assert [(e["action"], e["by"]) for e in entries if e["action"] == "erase"] == [("erase", "withdrawal")]
    journal = page_client(platform, tenant_a, Role.COORDINATOR).get("/cases/journal").text
    assert "Passerelle (consentement retiré)" in journal
    assert referrals.get(f"/referrals/{case['referral_id']}").json()["status"] == "withdrawn"
