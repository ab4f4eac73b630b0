"""The caseload: mine or the tenant's, filtered by status, mediator, inactivity, and name."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import referral_body


def open_for(tenant, last_name: str, *, role=Role.MEDIATOR) -> str:
    body = referral_body()["beneficiary"] | {"last_name": last_name}
    return tenant.http("cases", role).post("/cases", json={"beneficiary": body}).json()["id"]


def test_the_caseload_filters_by_mediator_status_inactivity_and_name(tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    recent, quiet, closed = (
        open_for(tenant_a, "Benali"),
        open_for(tenant_a, "Achour"),
        open_for(tenant_a, "Cordier", role=Role.COORDINATOR),
    )
    mediator.post(
        f"/cases/{recent}/activities", json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-11-20"}
    ).raise_for_status()
    mediator.post(
        f"/cases/{quiet}/activities", json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-01-10"}
    ).raise_for_status()
    tenant_a.http("cases", Role.COORDINATOR).post(f"/cases/{closed}/close", json={"outcome": "moved"})

    def ids(**params):
        return [c["id"] for c in mediator.get("/cases", params=params).json()["items"]]

    assert set(ids()) == {recent, quiet, closed}
    assert ids(mine=True)[0] == quiet and set(ids(mine=True)) == {recent, quiet}  # least recently active first
    assert ids(status="closed") == [closed]
    assert ids(assigned_to=f"coordinator@{tenant_a.tenant}") == [closed]
    assert ids(inactive_days=60, status="open") == [quiet]  # people lost from sight
    assert ids(name="acho") == [quiet]
    page = mediator.get("/cases", params={"limit": 1}).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert mediator.get("/cases", params={"inactive_days": -1}).status_code == 422
