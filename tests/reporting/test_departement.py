"""The département's view: tenants side by side for its operators, small counts suppressed."""

from __future__ import annotations

from datetime import date

from passerelle.auth import Role
from tests.reporting.history import History
from tests.support import TenantClient, eventually, indicators

Q1 = {"from": "2026-01-01", "to": "2026-04-01"}


def test_the_departement_view_compares_tenants_and_suppresses_cells_under_five(platform, tenant_a, tenant_b):
    for tenant, persons in ((tenant_a, 3), (tenant_b, 7)):
        h = History(tenant.tenant)
        for _ in range(persons):
            h.activity(h.case(date(2026, 1, 2)), "appointment", date(2026, 2, 1))
        h.publish(platform.kafka.bootstrap)
        coordinator = tenant.http("reporting", Role.COORDINATOR)
        eventually(lambda: indicators(coordinator, date(2026, 1, 1), date(2026, 4, 1))["persons_accompanied"]
                   == persons, what=f"{tenant.tenant} counted")

    operator = TenantClient(platform, None).http("reporting", Role.OPERATOR)
    view = operator.get("/departement/indicators", params={**Q1, "tenants": f"{tenant_a.tenant},{tenant_b.tenant}"})
    assert view.status_code == 200, view.text
    body = view.json()
    small, large = body["tenants"][tenant_a.tenant], body["tenants"][tenant_b.tenant]
    assert small["persons_accompanied"] == "<5" and small["individual_appointments"] == "<5"
    assert large["persons_accompanied"] == 7 and large["followups_initiated"] == 7
    assert small["outreach_actions"] == 0  # nothing is not a person
    assert large["follow_rate"] is None  # no orientations: nothing to compute a rate over
    assert body["departement"]["persons_accompanied"] == 10 and body["threshold"] == 5

    assert tenant_a.http("reporting", Role.COORDINATOR).get("/departement/indicators", params=Q1).status_code == 403
    every = operator.get("/departement/indicators", params=Q1).json()["tenants"]  # every tenant with facts
    assert {tenant_a.tenant, tenant_b.tenant} <= set(every)
    assert every[tenant_a.tenant]["persons_accompanied"] == "<5"
