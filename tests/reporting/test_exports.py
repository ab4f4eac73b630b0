"""Indicators month by month and as CSV, for the caller's tenant only."""

from __future__ import annotations

import csv
import io
from datetime import date

from passerelle.auth import Role
from tests.reporting.history import History
from tests.support import eventually, indicators


def test_monthly_figures_and_csv_exports_hold_only_the_tenants_own(platform, tenant_a, tenant_b):
    h = History(tenant_a.tenant)
    case = h.case(date(2025, 12, 1))
    for day in (date(2026, 1, 5), date(2026, 1, 20), date(2026, 3, 2)):
        h.activity(case, "appointment", day)
    h.publish(platform.kafka.admin)
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(coordinator, date(2026, 1, 1), date(2026, 4, 1))["individual_appointments"] == 3,
        what="appointments",
    )
    params = {"from": "2026-01-15", "to": "2026-04-01"}

    monthly = coordinator.get("/indicators/monthly", params=params).json()
    assert [(m["month"], m["indicators"]["individual_appointments"]) for m in monthly] == [
        ("2026-01", 1),
        ("2026-02", 0),
        ("2026-03", 1),
    ]  # January from the 15th: the 5th is outside

    exported = coordinator.get("/indicators/export.csv", params=params)
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["indicateur", "libellé", "détail", "valeur", "définition"]
    assert rows[[r[0] for r in rows].index("individual_appointments")][:4] == [
        "individual_appointments",
        "Entretiens individuels",
        "",
        "2",
    ]

    table = list(
        csv.reader(
            io.StringIO(coordinator.get("/indicators/monthly.csv", params=params).text.lstrip("\ufeff")), delimiter=";"
        )
    )
    assert table[0] == ["indicateur", "libellé", "2026-01", "2026-02", "2026-03"]
    assert ["individual_appointments", "Entretiens individuels", "1", "0", "1"] in table

    theirs = tenant_b.http("reporting", Role.COORDINATOR).get("/indicators/monthly.csv", params=params).text
    assert ["individual_appointments", "Entretiens individuels", "0", "0", "0"] in list(
        csv.reader(io.StringIO(theirs.lstrip("\ufeff")), delimiter=";")
    )
    too_long = coordinator.get("/indicators/monthly", params={"from": "2000-01-01", "to": "2026-01-01"})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "to"
    backwards = coordinator.get("/indicators/export.csv", params={"from": "2026-02-01", "to": "2026-01-01"})
    assert backwards.status_code == 422
