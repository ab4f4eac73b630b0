"""The referral's lifecycle: every allowed transition, and 409 for every forbidden one."""

from __future__ import annotations

import pytest

from passerelle.auth import Role
from tests.support import new_tenant, referral_body

ACTIONS = {
    "accept": {},
    "decline": {"reason": "out_of_scope"},
    "withdraw-consent": {},
}


def submitted(tenant) -> str:
    return tenant.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()["id"]


def act(tenant, referral_id: str, action: str, body: dict | None = None):
    return tenant.http("referral", Role.MEDIATOR).post(
        f"/referrals/{referral_id}/{action}", json=body if body is not None else ACTIONS.get(action, {})
    )


@pytest.mark.parametrize(
    "action, status", [("accept", "accepted"), ("decline", "declined"), ("withdraw-consent", "withdrawn")]
)
def test_a_submitted_referral_can_be(tenant_a, action, status):
    answer = act(tenant_a, submitted(tenant_a), action)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == status


@pytest.mark.parametrize(
    "first, then",
    [
        ("accept", "accept"),
        ("accept", "decline"),
        ("decline", "accept"),
        ("decline", "decline"),
        ("withdraw-consent", "accept"),
        ("withdraw-consent", "decline"),
        ("withdraw-consent", "withdraw-consent"),
    ],
)
def test_a_forbidden_transition_is_a_409_with_the_current_state(tenant_a, first, then):
    referral_id = submitted(tenant_a)
    assert act(tenant_a, referral_id, first).status_code == 200
    state = tenant_a.http("referral", Role.MEDIATOR).get(f"/referrals/{referral_id}").json()["status"]
    answer = act(tenant_a, referral_id, then)
    assert answer.status_code == 409
    assert answer.json()["current_state"] == state


def test_declining_names_one_of_the_known_reasons(tenant_a):
    referral_id = submitted(tenant_a)
    wrong = act(tenant_a, referral_id, "decline", {"reason": "bored"})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "reason"
    relayed = act(tenant_a, referral_id, "decline", {"reason": "relayed", "note": "relayée au DAC du Gard"})
    assert relayed.json()["decline_reason"] == "relayed"
    assert relayed.json()["decline_note"] == "relayée au DAC du Gard"


def test_consent_withdrawn_on_an_accepted_referral_erases_it_too(tenant_a):
    referral_id = submitted(tenant_a)
    act(tenant_a, referral_id, "accept")
    withdrawn = act(tenant_a, referral_id, "withdraw-consent")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["last_name"] is None


def test_a_transfer_arrives_whole_at_the_receiver_and_leaves_a_tombstone(platform, tenant_a):
    receiver = new_tenant(platform)
    receiver.register(name="Ville de Vienne")
    referral_id = submitted(tenant_a)
    answer = act(tenant_a, referral_id, "transfer", {"to_tenant": receiver.tenant})
    assert answer.status_code == 200, answer.text
    tombstone = answer.json()
    assert tombstone["status"] == "transferred" and tombstone["transferred_to"] == receiver.tenant
    assert tombstone["last_name"] is None and tombstone["phone"] is None and tombstone["observations"] is None
    assert tombstone["tracking_code"] is None
    row = platform.postgres.psql(f"SELECT row_to_json(r) FROM referrals r WHERE id = '{referral_id}'", "referral")
    assert "Durand" not in row and "1961-04-12" not in row and "0612345678" not in row

    arrived = receiver.http("referral", Role.MEDIATOR).get("/referrals").json()["items"]
    assert len(arrived) == 1
    copy = arrived[0]
    assert copy["status"] == "submitted" and copy["transferred_from"] == tenant_a.tenant
    assert (copy["last_name"], copy["first_name"], copy["birth_date"]) == ("Durand", "Aline", "1961-04-12")
    assert copy["observations"] == referral_body()["observations"]
    assert act(tenant_a, referral_id, "accept").status_code == 409
    assert act(receiver, copy["id"], "accept").status_code == 200


def test_a_transfer_to_an_unknown_tenant_or_to_itself_is_refused(tenant_a):
    referral_id = submitted(tenant_a)
    unknown = act(tenant_a, referral_id, "transfer", {"to_tenant": "nowhere-at-all"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [{"field": "to_tenant", "reason": "unknown tenant 'nowhere-at-all'"}]
    itself = act(tenant_a, referral_id, "transfer", {"to_tenant": tenant_a.tenant})
    assert itself.status_code == 422  # the same rule and answer as a case's (tests/cases)
    assert itself.json()["errors"] == [{"field": "to_tenant", "reason": OWN_TENANT}]
    assert act(tenant_a, referral_id, "accept").status_code == 200  # untouched


OWN_TENANT = "already belongs to this tenant; choose another one"
