"""The département's view: tenants side by side for its operators, small counts suppressed."""

from __future__ import annotations

import csv
import io
from datetime import date

from passerelle.auth import Role
from tests.reporting.history import History
from tests.support import TenantClient, eventually, indicators, new_tenant, page_client

Q1 = {"from": "2026-01-01", "to": "2026-04-01"}


def test_the_departement_view_compares_tenants_and_suppresses_cells_under_five(platform, tenant_a, tenant_b):
    tenant_c = new_tenant(platform)
    for tenant, persons in ((tenant_a, 3), (tenant_b, 7), (tenant_c, 9)):
        h = History(tenant.tenant)
        for _ in range(persons):
            h.activity(h.case(date(2026, 1, 2)), "appointment", date(2026, 2, 1))
        h.publish(platform.kafka.admin)
        coordinator = tenant.http("reporting", Role.COORDINATOR)
        eventually(
            lambda: indicators(coordinator, date(2026, 1, 1), date(2026, 4, 1))["persons_accompanied"] == persons,
            what=f"{tenant.tenant} counted",
        )

    operator = TenantClient(platform, None).http("reporting", Role.OPERATOR)
    chosen = ",".join(t.tenant for t in (tenant_a, tenant_b, tenant_c))
    view = operator.get("/departement/indicators", params={**Q1, "tenants": chosen})
    assert view.status_code == 200, view.text
    body = view.json()
    small, middle, large = (body["tenants"][t.tenant] for t in (tenant_a, tenant_b, tenant_c))
    assert small["persons_accompanied"] == "<5" and small["individual_appointments"] == "<5"
    # the total minus 7 and 9 would give 3: the total is hidden, the tenants' counts stay shown
    assert middle["persons_accompanied"] == 7 and large["persons_accompanied"] == 9
    assert large["followups_initiated"] == 9
    assert small["outreach_actions"] == 0  # nothing is not a person
    assert large["follow_rate"] is None  # no orientations: nothing to compute a rate over
    assert body["departement"]["persons_accompanied"] == "*" and body["threshold"] == 5

    assert tenant_a.http("reporting", Role.COORDINATOR).get("/departement/indicators", params=Q1).status_code == 403
    every = operator.get("/departement/indicators", params=Q1).json()["tenants"]  # every tenant with facts
    assert {tenant_a.tenant, tenant_b.tenant} <= set(every)
    assert every[tenant_a.tenant]["persons_accompanied"] == "<5"


def test_the_departement_page_names_the_tenants_and_suppresses_like_the_api(platform, tenant_a, tenant_b):
    tenant_a.register(name="Ville de Pont-Évêque")
    h = History(tenant_a.tenant)
    for _ in range(2):
        h.activity(h.case(date(2025, 1, 2)), "appointment", date(2025, 2, 1))
    h.publish(platform.kafka.admin)
    eventually(
        lambda: (
            indicators(tenant_a.http("reporting", Role.COORDINATOR), date(2025, 1, 1), date(2026, 1, 1))[
                "individual_appointments"
            ]
            == 2
        ),
        what="counted",
    )
    operator = page_client(platform, TenantClient(platform, None), Role.OPERATOR)
    page = operator.get("/reporting/departement", params={"annee": 2025})
    assert page.status_code == 200
    assert "Ville de Pont-Évêque" in page.text and "&lt;5" in page.text
    exported = operator.get("/reporting/departement.csv", params={"annee": 2025}).text
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    column = rows[0].index("Ville de Pont-Évêque")
    assert next(r for r in rows if r[0] == "individual_appointments")[column] == "<5"
    assert page_client(platform, tenant_b, Role.COORDINATOR).get("/reporting/departement").status_code == 403
