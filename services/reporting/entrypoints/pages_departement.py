"""The département's page, for its operators: the tenants side by side, small counts suppressed."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from passerelle import clock
from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import OperatorPage, render
from reporting.domain import catalogue, suppression
from reporting.domain.model import Period
from reporting.entrypoints import exports
from reporting.entrypoints.pages import YearAsked, shown, year_of
from reporting.service_layer import departement

router = APIRouter(include_in_schema=False)


@router.get("/departement")
async def departement_page(request: Request, _operator: OperatorPage, db: DatabaseDep, annee: YearAsked):
    year = year_of(annee, default=clock.today().year)
    compared = await departement.compare(db, Period(date(year, 1, 1), date(year + 1, 1, 1)), None)
    names = await departement.tenant_names(db)
    tenants = list(compared["tenants"])
    sections = {
        title: [
            (
                i.label,
                [shown(i.name, compared["tenants"][t][i.name]) for t in tenants],
                shown(i.name, compared["departement"][i.name]),
            )
            for i in indicators
        ]
        for title, indicators in catalogue.SECTIONS.items()
    }
    return render(
        request,
        "departement.html",
        year=year,
        tenants=[names.get(t, t) for t in tenants],
        sections=sections,
        threshold=suppression.THRESHOLD,
    )


@router.get("/departement.csv")
async def departement_csv(_operator: OperatorPage, db: DatabaseDep, annee: YearAsked):
    year = year_of(annee, default=clock.today().year)
    period = Period(date(year, 1, 1), date(year + 1, 1, 1))
    compared = await departement.compare(db, period, None)
    return exports.departement_table(compared, await departement.tenant_names(db), period)
