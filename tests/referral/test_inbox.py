"""The mediator's inbox: filters, sorting, paging, and likely duplicates flagged, never merged."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import referral_body


def submit(tenant, *, last_name: str, first_name: str = "Aline", birth_date: str = "1961-04-12", **fields) -> str:
    body = referral_body(**fields)
    body["beneficiary"] = {
        **body["beneficiary"],
        "last_name": last_name,
        "first_name": first_name,
        "birth_date": birth_date,
    }
    return tenant.http("referral", Role.REFERRER).post("/referrals", json=body).json()["id"]


def test_the_inbox_filters_sorts_and_pages(tenant_a):
    first = submit(tenant_a, last_name="Benali", reasons=["rights_access"], difficulties=["exile"])
    second = submit(tenant_a, last_name="Achour", reasons=["care_rupture"], difficulties=["isolation"])
    third = submit(tenant_a, last_name="Cordier", reasons=["complex_pathway"], difficulties=[])
    inbox = tenant_a.http("referral", Role.MEDIATOR)
    inbox.post(f"/referrals/{third}/decline", json={"reason": "unreachable"}).raise_for_status()

    def ids(**params):
        return [item["id"] for item in inbox.get("/referrals", params=params).json()["items"]]

    assert ids() == [third, second, first]  # newest first
    assert ids(sort="last_name") == [second, first, third]
    assert ids(status="submitted") == [second, first]
    assert ids(reason="rights_access") == [first]
    assert ids(difficulty="isolation") == [second]
    assert ids(name="acho") == [second]
    assert ids(submitted_from="2000-01-01", submitted_to="2000-12-31") == []
    page = inbox.get("/referrals", params={"sort": "last_name", "limit": 2, "offset": 2}).json()
    assert (page["total"], [i["id"] for i in page["items"]]) == (3, [third])
    assert inbox.get("/referrals", params={"sort": "name"}).status_code == 422


def test_the_same_person_referred_twice_is_flagged_to_the_mediator(tenant_a):
    first = submit(tenant_a, last_name="Lefèvre-Dupont", first_name="Aline")
    second = submit(tenant_a, last_name="LEFEVRE DUPONT", first_name="aline")
    other = submit(tenant_a, last_name="Lefèvre-Dupont", first_name="Aline", birth_date="1990-01-01")
    inbox = tenant_a.http("referral", Role.MEDIATOR)
    flags = {i["id"]: i["possible_duplicate"] for i in inbox.get("/referrals").json()["items"]}
    assert flags == {first: True, second: True, other: False}
    detail = inbox.get(f"/referrals/{second}").json()
    assert [d["id"] for d in detail["possible_duplicates"]] == [first]
    assert detail["last_name"] == "LEFEVRE DUPONT"  # shown, never merged

    inbox.post(f"/referrals/{first}/decline", json={"reason": "duplicate"}).raise_for_status()
    assert inbox.get(f"/referrals/{second}").json()["possible_duplicates"] == []
