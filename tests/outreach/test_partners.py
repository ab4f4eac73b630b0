"""The partner directory: involvement counts; sharing with the département shows the structure,
and nothing else of its owner; everything else of a tenant stays its own (404)."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import eventually, referral_body

PASS = {
    "name": "PASS de l'hôpital d'Alès",
    "type": "health",
    "sector": "accès aux soins",
    "commune": "Alès",
    "contact_point": "Accueil PASS, 04 66 78 00 00",
}


def test_a_shared_partner_is_visible_to_another_tenant_and_nothing_else_of_its_owner(tenant_a, tenant_b):
    owner = tenant_a.http("outreach", Role.MEDIATOR)
    shared = owner.post("/partners", json={**PASS, "shared": True}).json()
    private = owner.post("/partners", json={**PASS, "name": "Cabinet infirmier du Pont"}).json()
    owner.post(
        "/actions",
        json={
            "kind": "collective_action",
            "occurred_on": "2026-03-10",
            "people_met": 12,
            "partner_ids": [shared["id"]],
        },
    ).raise_for_status()

    other = tenant_b.http("outreach", Role.MEDIATOR)
    listed = {p["id"]: p for p in other.get("/partners").json()}
    assert shared["id"] in listed and private["id"] not in listed
    seen = listed[shared["id"]]
    assert (seen["name"], seen["ours"], seen["contact_point"]) == (PASS["name"], False, None)
    assert (seen["actions"], seen["orientations"]) == (0, 0)  # the owner's activity is not shown
    assert other.put(f"/partners/{shared['id']}", json=PASS).status_code == 404

    mine = {p["id"]: p for p in owner.get("/partners").json()}
    assert mine[shared["id"]]["actions"] == 1 and mine[shared["id"]]["contact_point"] == PASS["contact_point"]


def test_orientations_from_case_files_count_for_the_partner(tenant_a):
    owner = tenant_a.http("outreach", Role.MEDIATOR)
    partner = owner.post("/partners", json={**PASS, "name": "Maison de santé de Saint-Ambroix"}).json()
    cases = tenant_a.http("cases", Role.MEDIATOR)
    eventually(  # the orientation names the directory's structure: once the cases service learnt it
        lambda: cases.get("/orientation-partners", params={"q": "saint-ambroix"}).json(), what="partner known"
    )
    case = cases.post("/cases", json={"beneficiary": referral_body()["beneficiary"]}).json()
    for _ in range(2):
        cases.post(
            f"/cases/{case['id']}/activities",
            json={
                "kind": "orientation",
                "partner_type": "gp",
                "partner_name": "maison de santé de saint-ambroix",
                "occurred_on": "2026-03-02",
            },
        ).raise_for_status()

    def oriented() -> int:
        return {p["id"]: p for p in owner.get("/partners").json()}[partner["id"]]["orientations"]

    eventually(lambda: oriented() == 2, what="two orientations counted")


def test_another_tenant_gets_404_on_every_action_endpoint(tenant_a, tenant_b):
    action = (
        tenant_a.http("outreach", Role.MEDIATOR)
        .post("/actions", json={"kind": "home_visit", "occurred_on": "2026-03-10", "people_met": 1})
        .json()
    )
    other = tenant_b.http("outreach", Role.MEDIATOR)
    url = f"/actions/{action['id']}"
    assert other.get(url).status_code == 404
    assert other.put(url, json={"people_met": 2}).status_code == 404
    assert other.post(f"{url}/cancel").status_code == 404
    assert other.post(f"{url}/redirections", json={"channel": "case"}).status_code == 404
    assert action["id"] not in other.get("/actions").text
    assert action["id"] not in other.get("/calendar", params={"month": "2026-03"}).text


def test_an_action_names_only_the_tenants_own_or_shared_partners(tenant_a, tenant_b):
    others = tenant_b.http("outreach", Role.MEDIATOR)
    private = others.post("/partners", json={**PASS, "name": "Cabinet privé d'un autre"}).json()
    shared = others.post("/partners", json={**PASS, "name": "PASS partagée", "shared": True}).json()
    mediator = tenant_a.http("outreach", Role.MEDIATOR)
    own = mediator.post("/partners", json={**PASS, "name": "Notre CCAS"}).json()
    action = {"kind": "collective_action", "occurred_on": "2026-03-10", "people_met": 4}
    refused = mediator.post("/actions", json={**action, "partner_ids": [own["id"], private["id"]]})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "partner_ids"
    series = {"kind": "drop_in", "first": "2026-03-02", "until": "2026-03-20", "partner_ids": [private["id"]]}
    assert mediator.post("/series", json=series).status_code == 422
    recorded = mediator.post("/actions", json={**action, "partner_ids": [own["id"], shared["id"]]})
    assert recorded.status_code == 201
    correction = mediator.put(
        f"/actions/{recorded.json()['id']}", json={"people_met": 4, "partner_ids": [private["id"]]}
    )
    assert correction.status_code == 422
    involved = {p["id"]: p["actions"] for p in others.get("/partners").json()}
    assert involved[private["id"]] == 0  # the other tenant's figures are untouched
