"""Professionals without an account: the public fiche, the département intake, the closed loop."""

from __future__ import annotations

import uuid

from passerelle.auth import Role
from tests.support import new_tenant, public_client, referral_body


def unique_postal_code() -> str:
    return f"9{uuid.uuid4().int % 10_000:04d}"  # 9xxxx: no real tenant of the tests covers it


def with_postal_code(code: str) -> dict:
    body = referral_body(referrer=None, source="word_of_mouth")
    body["beneficiary"] = {**body["beneficiary"], "postal_code": code}
    return body


def test_the_departement_intake_routes_by_postal_code(platform, tenant_a):
    code = unique_postal_code()
    tenant_a.register(postal_codes=(code,))
    answer = public_client(platform).post("/public/referrals", json=with_postal_code(code))
    assert answer.status_code == 201, answer.text
    assert answer.json()["tenant"] == tenant_a.tenant
    inbox = tenant_a.http("referral", Role.MEDIATOR).get("/referrals").json()
    assert [item["id"] for item in inbox["items"]] == [answer.json()["id"]]
    assert inbox["items"][0]["source"] == "word_of_mouth"


def test_a_postal_code_covered_by_no_tenant_or_several_names_the_candidates(platform, tenant_a, tenant_b):
    uncovered = public_client(platform).post("/public/referrals", json=with_postal_code(unique_postal_code()))
    assert uncovered.status_code == 422
    [error] = uncovered.json()["errors"]
    assert error["field"] == "beneficiary.postal_code" and "no tenant" in error["reason"]

    shared = unique_postal_code()
    tenant_a.register(postal_codes=(shared,))
    tenant_b.register(postal_codes=(shared,))
    ambiguous = public_client(platform).post("/public/referrals", json=with_postal_code(shared))
    assert ambiguous.status_code == 422
    reason = ambiguous.json()["errors"][0]["reason"]
    assert tenant_a.tenant in reason and tenant_b.tenant in reason


def test_the_public_fiche_of_a_tenant_gives_a_tracking_code_that_follows_the_status(platform, tenant_a):
    tenant_a.register()
    public = public_client(platform)
    receipt = public.post(f"/public/tenants/{tenant_a.tenant}/referrals", json=referral_body())
    assert receipt.status_code == 201, receipt.text
    code = receipt.json()["tracking_code"]
    assert public.get(f"/public/tracking/{code}").json()["status"] == "received"

    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{receipt.json()['id']}/accept").raise_for_status()
    tracked = public.get(f"/public/tracking/{code}").json()
    assert set(tracked) == {"status", "since"}  # never the case, never the person
    assert tracked["status"] == "accepted"


def test_the_tracking_code_follows_a_transferred_referral_and_a_withdrawal_closes_it(platform, tenant_a):
    receiver = new_tenant(platform)
    receiver.register()
    receipt = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant_a.http("referral", Role.MEDIATOR).post(
        f"/referrals/{receipt['id']}/transfer", json={"to_tenant": receiver.tenant}
    ).raise_for_status()
    public = public_client(platform)
    assert public.get(f"/public/tracking/{receipt['tracking_code']}").json()["status"] == "received"
    copy = receiver.http("referral", Role.MEDIATOR).get("/referrals").json()["items"][0]
    receiver.http("referral", Role.MEDIATOR).post(f"/referrals/{copy['id']}/withdraw-consent").raise_for_status()
    assert public.get(f"/public/tracking/{receipt['tracking_code']}").json()["status"] == "closed"


def test_an_unknown_tenant_or_tracking_code_is_404_and_a_malformed_code_422(platform):
    public = public_client(platform)
    assert public.post("/public/tenants/nobody-here/referrals", json=referral_body()).status_code == 404
    assert public.get("/public/tracking/ABCD-EFGH-JKLM").status_code == 404
    assert public.get("/public/tracking/robert'); DROP").status_code == 422


def test_public_submissions_are_rate_limited_per_client_address(platform, tenant_a):
    tenant_a.register()
    client = public_client(platform)
    limit = 30  # PASSERELLE_PUBLIC_SUBMISSIONS_PER_HOUR's default
    statuses = [client.get("/public/tracking/ABCD-EFGH-JKLM").status_code for _ in range(limit)]
    assert set(statuses) == {404}
    refused = client.post(f"/public/tenants/{tenant_a.tenant}/referrals", json=referral_body())
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert public_client(platform).get("/public/tracking/ABCD-EFGH-JKLM").status_code == 404  # others go on
