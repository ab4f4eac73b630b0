"""A case opened the real way: a referral submitted, accepted, and its case opened from the event."""

from __future__ import annotations

import pytest

from passerelle.auth import Role
from tests.support import eventually, referral_body


def open_case(tenant) -> dict:
    referral = tenant.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    tenant.http("referral", Role.MEDIATOR).post(f"/referrals/{referral['id']}/accept").raise_for_status()
    cases = tenant.http("cases", Role.MEDIATOR)
    summary = eventually(
        lambda: cases.get("/cases", params={"referral_id": referral["id"]}).json()["items"],
        what="case opened from referral.accepted",
    )[0]
    return cases.get(f"/cases/{summary['id']}").json()


@pytest.fixture
def case(tenant_a) -> dict:
    return open_case(tenant_a)


@pytest.fixture
def mediator(tenant_a):
    return tenant_a.http("cases", Role.MEDIATOR)
