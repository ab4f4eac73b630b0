"""Another tenant sees nothing (404 on every endpoint); a transfer hands the case over whole."""

from __future__ import annotations

import uuid

from passerelle import clock
from passerelle.auth import Role
from tests.support import new_tenant


def test_another_tenant_gets_404_on_every_case_endpoint(case, mediator, tenant_b):
    activity = mediator.post(
        f"/cases/{case['id']}/activities", json={"kind": "procedure", "scheme": "C2S", "occurred_on": "2026-02-03"}
    ).json()
    url = f"/cases/{case['id']}"
    other = tenant_b.http("cases", Role.MEDIATOR)
    calls = [
        ("GET", url, None),
        ("GET", f"{url}/export", None),
        ("POST", f"{url}/erase", None),
        ("PUT", f"{url}/barriers", {"barriers": ["no_gp"]}),
        ("POST", f"{url}/close", {"outcome": "improved"}),
        ("POST", f"{url}/reopen", None),
        ("POST", f"{url}/transfer", {"to_tenant": tenant_b.tenant}),
        ("POST", f"{url}/activities", {"kind": "note", "occurred_on": "2026-02-03", "comment": "x"}),
        (
            "PUT",
            f"{url}/activities/{activity['id']}",
            {"kind": "procedure", "scheme": "AME", "occurred_on": "2026-02-03"},
        ),
        ("DELETE", f"{url}/activities/{activity['id']}", None),
        (
            "POST",
            f"{url}/activities/{activity['id']}/procedure-status",
            {"status": "submitted", "changed_on": "2026-02-05"},
        ),
        ("POST", f"{url}/activities/{activity['id']}/outcome", {"outcome": "followed", "recorded_on": "2026-02-05"}),
    ]
    tenant_b.register()
    for method, path, body in calls:
        assert other.request(method, path, json=body).status_code == 404, (method, path)
    coordinator_b = tenant_b.http("cases", Role.COORDINATOR)
    assert coordinator_b.get(f"{url}/access-log").status_code == 404
    assert coordinator_b.post(f"{url}/assign", json={"mediator": "x"}).status_code == 404
    assert other.get("/cases", params={"referral_id": case["referral_id"]}).json()["items"] == []
    assert case["id"] not in other.get("/cases").text
    assert mediator.get(f"{url}").json()["timeline"][0]["details"]["status"] == "started"  # untouched


def test_a_transferred_case_arrives_whole_and_leaves_a_tombstone(platform, tenant_a, case, mediator):
    receiver = new_tenant(platform)
    receiver.register(name="Ville de Vienne")
    mediator.post(
        f"/cases/{case['id']}/activities",
        json={"kind": "appointment", "mode": "drop_in", "occurred_on": clock.today().isoformat()},
    ).raise_for_status()
    answer = mediator.post(f"/cases/{case['id']}/transfer", json={"to_tenant": receiver.tenant})
    assert answer.status_code == 200, answer.text
    tombstone = answer.json()
    assert tombstone["status"] == "transferred" and tombstone["last_name"] is None
    assert mediator.post(f"/cases/{case['id']}/close", json={"outcome": "moved"}).status_code == 409

    theirs = receiver.http("cases", Role.MEDIATOR)
    [arrived] = theirs.get("/cases").json()["items"]
    received = theirs.get(f"/cases/{arrived['id']}").json()
    assert received["transferred_from"] == tenant_a.tenant and received["status"] == "open"
    assert (received["last_name"], received["birth_date"]) == ("Durand", "1961-04-12")
    assert [a["kind"] for a in received["timeline"]] == ["appointment"]
    row = platform.postgres.psql(f"SELECT row_to_json(c) FROM cases c WHERE id = '{case['id']}'", "cases")
    assert "Durand" not in row and "1961-04-12" not in row


def test_a_transfer_to_an_unknown_tenant_or_to_its_own_is_refused(case, mediator, tenant_a):
    answer = mediator.post(f"/cases/{case['id']}/transfer", json={"to_tenant": f"nowhere-{uuid.uuid4().hex[:6]}"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "to_tenant"
    assert mediator.get(f"/cases/{case['id']}").json()["status"] == "open"
    itself = {"to_tenant": tenant_a.tenant}
    assert mediator.post(f"/cases/{case['id']}/close", json={"outcome": "improved"}).status_code == 200
    for state in ("closed", "open"):  # the same answer whatever the state, and as a referral's (tests/referral)
        answer = mediator.post(f"/cases/{case['id']}/transfer", json=itself)
        assert answer.status_code == 422, state
        assert answer.json()["errors"] == [{"field": "to_tenant", "reason": OWN_TENANT}]
        mediator.post(f"/cases/{case['id']}/reopen")


OWN_TENANT = "already belongs to this tenant; choose another one"
