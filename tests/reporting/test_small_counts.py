"""The "secret statistique" on the running platform: from what the département's API, its CSV and
its indicator topic publish, the attacker of tests/reporting/disclosure.py cannot work out any
count from 1 to 4, with the issue's example: closed 21 and improved 7 (33 %) beside a tenant whose
improved is 4."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import topics
from reporting.domain.catalogue import INDICATORS
from tests.reporting.disclosure import given_away, table_of
from tests.reporting.history import History
from tests.support import TenantClient, eventually, headers_of, indicators, new_tenant, page_client, read_topic

YEAR = 2019
PERIOD = {"from": f"{YEAR}-01-01", "to": f"{YEAR + 1}-01-01"}


def closures(h: History, outcomes: dict[str, int]) -> None:
    for outcome, count in outcomes.items():
        for _ in range(count):
            case = h.case(date(YEAR, 1, 7))
            h.activity(case, "appointment", date(YEAR, 2, 4))
            h.close(case, date(YEAR, 3, 11), outcome)


def test_no_small_count_can_be_worked_out_from_the_departements_figures(platform):
    large, small = new_tenant(platform), new_tenant(platform)
    for tenant, outcomes in ((large, {"improved": 7, "not_improved": 14}), (small, {"improved": 4, "lost_contact": 2})):
        h = History(tenant.tenant)
        closures(h, outcomes)
        h.publish(platform.kafka.admin)
        coordinator = tenant.http("reporting", Role.COORDINATOR)
        eventually(
            lambda: (
                indicators(coordinator, date(YEAR, 1, 1), date(YEAR + 1, 1, 1))["cases_closed"]
                == sum(outcomes.values())
            ),
            what=f"{tenant.tenant} counted",
        )

    counted = indicators(small.http("reporting", Role.COORDINATOR), date(YEAR, 1, 1), date(YEAR + 1, 1, 1))
    assert set(counted) == set(INDICATORS)  # the catalogue names every indicator computed

    operator = TenantClient(platform, None).http("reporting", Role.OPERATOR)
    chosen = {**PERIOD, "tenants": f"{large.tenant},{small.tenant}"}
    body = operator.get("/departement/indicators", params=chosen).json()
    assert given_away(table_of(body["tenants"], body["departement"])) == {}
    shown_large, shown_small, total = body["tenants"][large.tenant], body["tenants"][small.tenant], body["departement"]
    assert (shown_large["cases_closed"], shown_large["closed_improved"]) == (21, 7)
    assert shown_large["improvement_rate"] == 0.3333
    assert shown_small["closed_improved"] == "<5" and shown_small["improvement_rate"] is None
    assert total["closed_improved"] == "*" and total["cases_closed"] == 27

    exported = page_client(platform, TenantClient(platform, None), Role.OPERATOR).get(
        "/reporting/departement.csv", params={"annee": YEAR}
    )
    columns, total = csv_table(exported.text)
    assert len(columns) >= 2 and given_away(table_of(columns, total)) == {}

    def march_on_topic() -> dict | None:
        """The latest version of the small tenant's March, once every closure is in it."""
        versions = [
            json.loads(record.value)
            for record in read_topic(platform.kafka.admin, topics.INDICATORS_DEPARTEMENT, seconds=1.5)
            if headers_of(record)["ce_tenantid"] == small.tenant
        ]
        march = max((v for v in versions if v["month"] == f"{YEAR}-03"), key=lambda v: v["revision"], default=None)
        return march if march and len(march["breakdowns"]["closures_by_outcome"]) == 2 else None

    march = eventually(march_on_topic, timeout=60, what="the small tenant's March on the département's topic")
    assert (
        given_away(table_of({small.tenant: march["indicators"]}, breakdowns={small.tenant: march["breakdowns"]})) == {}
    )
    assert march["breakdowns"]["closures_by_outcome"] == {"improved": "<5", "lost_contact": "<5"}
    assert march["indicators"]["cases_closed"] == "*"  # 6 would leave each "<5" between 2 and 4


def csv_table(text: str) -> tuple[dict[str, dict], dict]:
    """The département's CSV as the tenants' columns and the total: counts, "<5", "*", rates."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    heading, lines = rows[0], rows[1:]
    columns = {name: {line[0]: _value(line[n]) for line in lines} for n, name in enumerate(heading) if n >= 2}
    return {name: values for name, values in columns.items() if name != "département"}, columns["département"]


def _value(cell: str):
    if cell in ("", "<5", "*"):
        return cell or None
    return float(cell.replace(",", ".")) if "," in cell or "." in cell else int(cell)
