"""A follow-up opened for a person met during an outreach action (the cases service's « Ouvrir un
accompagnement », or its API) counts on the action as a person redirected (announced again:
outreach.action_updated); an action of another tenant is never touched."""

from __future__ import annotations

from passerelle import clock
from passerelle.auth import Role
from tests.support import eventually, referral_body


def test_a_follow_up_opened_from_an_action_counts_there_once(tenant_a, tenant_b):
    today = clock.today()
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    action = outreach.post(
        "/actions", json={"kind": "drop_in", "occurred_on": today.isoformat(), "people_met": 1, "people_redirected": 1}
    ).json()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    body = {"beneficiary": referral_body()["beneficiary"], "outreach_action_id": action["id"]}
    opened = [cases.post("/cases", json=body, headers={"Idempotency-Key": "maraude-1"}) for _ in range(2)]
    assert {o.json()["id"] for o in opened} == {opened[0].json()["id"]}  # a double tap opens one

    counted = eventually(
        lambda: (a := outreach.get(f"/actions/{action['id']}").json())["people_redirected"] == 2 and a,
        what="the redirection counted on the action",
    )
    assert counted["people_met"] == 2  # a person redirected was met

    other = tenant_b.http("cases", Role.MEDIATOR)
    other.post("/cases", json={**body, "beneficiary": referral_body()["beneficiary"]}).raise_for_status()
    cases.post("/cases", json=body).raise_for_status()  # a third, from tenant_a: counted
    eventually(lambda: outreach.get(f"/actions/{action['id']}").json()["people_redirected"] == 3, what="third")
    assert outreach.get(f"/actions/{action['id']}").json()["people_redirected"] == 3  # tenant_b's did not count
