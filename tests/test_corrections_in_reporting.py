"""What is corrected, deleted or cancelled is counted as it now stands (definitions: shared/domain.md)."""

from __future__ import annotations

from datetime import date

from passerelle.auth import Role
from tests.support import eventually, indicators, referral_body

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


def test_reporting_follows_corrections_deletions_and_cancellations(tenant_a):
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    cases = tenant_a.http("cases", Role.MEDIATOR)
    case = cases.post("/cases", json={"beneficiary": referral_body()["beneficiary"]}).json()
    url = f"/cases/{case['id']}/activities"
    kept = cases.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-02-03"}).json()
    mistaken = cases.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-02-04"}).json()
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    action = outreach.post(
        "/actions", json={"kind": "street_outreach", "occurred_on": "2026-02-05", "people_met": 10}
    ).json()
    cancelled = outreach.post("/actions", json={"kind": "drop_in", "occurred_on": "2026-02-06", "people_met": 4}).json()
    eventually(
        lambda: (
            indicators(coordinator, *YEAR)["individual_appointments"] == 2
            and indicators(coordinator, *YEAR)["persons_received"] == 14
        ),
        what="all counted",
    )

    cases.put(f"{url}/{kept['id']}", json={"kind": "appointment", "mode": "phone", "occurred_on": "2025-12-30"})
    cases.delete(f"{url}/{mistaken['id']}").raise_for_status()
    outreach.put(f"/actions/{action['id']}", json={"people_met": 12}).raise_for_status()
    outreach.post(f"/actions/{cancelled['id']}/cancel").raise_for_status()

    def now_counted():
        values = indicators(coordinator, *YEAR)
        return (values["individual_appointments"], values["persons_received"], values["outreach_actions"])

    eventually(lambda: now_counted() == (0, 12, 1), what="corrections applied")  # moved to 2025, deleted, cancelled
    assert indicators(coordinator, date(2025, 1, 1), date(2026, 1, 1))["individual_appointments"] == 1
