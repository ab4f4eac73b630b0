"""CSV exports of the indicators, the same from the API and from the pages: semicolons, French
decimals and a UTF-8 mark, so that a spreadsheet opens them as they are."""

from __future__ import annotations

import csv
import io

from fastapi.responses import Response

from passerelle.db import Database
from reporting.domain.catalogue import BREAKDOWNS, INDICATORS
from reporting.domain.model import Period
from reporting.service_layer import indicators


async def period_table(db: Database, tenant: str, period: Period) -> Response:
    """Every indicator and breakdown over the period."""
    async with db.unit_of_work(tenant=tenant) as uow:
        values, breakdowns = await indicators.compute(uow.session, period)
    rows = [["indicateur", "libellé", "détail", "valeur", "définition"]]
    rows += [[name, i.label, "", _number(values[name]), i.definition] for name, i in INDICATORS.items()]
    rows += [
        [name, BREAKDOWNS[name].title, key, _number(count), ""]
        for name, table in breakdowns.items()
        for key, count in table.items()
    ]
    return _csv(rows, f"indicateurs-{tenant}-{period.start}-{period.end}.csv")


async def monthly_table(db: Database, tenant: str, period: Period, months: list[Period]) -> Response:
    """One column per month (distinct counts are per month: they do not add up)."""
    async with db.unit_of_work(tenant=tenant) as uow:
        per_month = await indicators.compute_months(uow.session, months)
    rows = [["indicateur", "libellé", *[m.start.strftime("%Y-%m") for m, _ in per_month]]]
    rows += [[name, i.label, *[_number(values.get(name)) for _, values in per_month]] for name, i in INDICATORS.items()]
    return _csv(rows, f"indicateurs-mensuels-{tenant}-{period.start}-{period.end}.csv")


def departement_table(compared: dict, names: dict[str, str], period: Period) -> Response:
    """The département's view: one column per tenant, then the total, suppressed as on the page."""
    tenants = list(compared["tenants"])
    rows = [["indicateur", "libellé", *[names.get(t, t) for t in tenants], "département"]]
    rows += [
        [
            name,
            i.label,
            *[_number(compared["tenants"][t][name]) for t in tenants],
            _number(compared["departement"][name]),
        ]
        for name, i in INDICATORS.items()
    ]
    return _csv(rows, f"indicateurs-departement-{period.start}-{period.end}.csv")


def _number(value) -> str:
    if value is None:
        return ""
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _csv(rows: list[list[str]], filename: str) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
