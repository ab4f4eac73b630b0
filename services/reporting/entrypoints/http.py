"""The reporting API: a tenant's indicators over a period, per month, and as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel

from passerelle.auth import Principal, Role
from passerelle.errors import InvalidInput
from passerelle.http.deps import DatabaseDep, require_roles
from reporting.domain import suppression
from reporting.domain.catalogue import INDICATORS
from reporting.domain.model import Period
from reporting.entrypoints import exports
from reporting.service_layer import departement, indicators
from reporting.service_layer.summary import calendar_months

router = APIRouter(prefix="/indicators", tags=["indicators"])
departement_router = APIRouter(prefix="/departement", tags=["département"])
Operator = Annotated[Principal, Depends(require_roles(Role.OPERATOR))]
# a tenant's coordinators, and the subscribers it granted (an ARS, its own BI): a subscriber's token names the tenant
Reader = Annotated[Principal, Depends(require_roles(Role.COORDINATOR, Role.SUBSCRIBER))]
MAX_MONTHS = 60
Start = Annotated[date, Query(alias="from", description="first day included (Europe/Paris)")]
End = Annotated[date, Query(alias="to", description="first day excluded (Europe/Paris)")]


class IndicatorsOut(BaseModel):
    tenant: str
    start: date
    end: date
    indicators: dict[str, int | float | None]
    breakdowns: dict[str, dict[str, int]]
    definitions: dict[str, str]


class MonthOut(BaseModel):
    month: str
    indicators: dict[str, int | float | None]


def period(start: date, end: date) -> Period:
    if end <= start:
        raise InvalidInput("to", "must be after 'from'")
    return Period(start, end)


def months(within: Period) -> list[Period]:
    result = calendar_months(within)
    if len(result) > MAX_MONTHS:
        raise InvalidInput("to", f"at most {MAX_MONTHS} months at a time")
    return result


@router.get("", response_model=IndicatorsOut)
async def get_indicators(principal: Reader, db: DatabaseDep, start: Start, end: End):
    """The caller's tenant's indicators over `[from, to)`, with their breakdowns and definitions."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        values, breakdowns = await indicators.compute(uow.session, period(start, end))
    return IndicatorsOut(
        tenant=principal.tenant,
        start=start,
        end=end,
        indicators=values,
        breakdowns=breakdowns,
        definitions={name: i.definition for name, i in INDICATORS.items()},
    )


@router.get("/monthly", response_model=list[MonthOut])
async def monthly(principal: Reader, db: DatabaseDep, start: Start, end: End):
    """The same indicators month by month (a distinct count is per month: they do not add up to the period's)."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        computed = await indicators.compute_months(uow.session, months(period(start, end)))
    return [MonthOut(month=m.start.strftime("%Y-%m"), indicators=values) for m, values in computed]


@router.get("/export.csv", response_class=Response)
async def export_csv(principal: Reader, db: DatabaseDep, start: Start, end: End):
    """Every indicator and breakdown over the period, for a spreadsheet (semicolons, French decimals)."""
    return await exports.period_table(db, principal.own_tenant, period(start, end))


@router.get("/monthly.csv", response_class=Response)
async def monthly_csv(principal: Reader, db: DatabaseDep, start: Start, end: End):
    """The indicators month by month, one column per month."""
    chosen = period(start, end)
    return await exports.monthly_table(db, principal.own_tenant, chosen, months(chosen))


class DepartementOut(BaseModel):
    start: date
    end: date
    threshold: int
    tenants: dict[str, dict[str, int | float | str | None]]
    departement: dict[str, int | float | str | None]
    names: dict[str, str]


@departement_router.get("/indicators", response_model=DepartementOut)
async def departement_indicators(
    _operator: Operator,
    db: DatabaseDep,
    start: Start,
    end: End,
    tenants: Annotated[str | None, Query(description="comma-separated slugs")] = None,
):
    """Every tenant side by side and the département's total, for its operators. Counts from 1 to 4
    show as "<5"; a ratio over fewer than 5, or beside a masked operand, as null; a total that
    would give a masked count away as "*" (docs/architecture.md, "Secret statistique")."""
    chosen = [t.strip() for t in tenants.split(",") if t.strip()] if tenants else None
    compared = await departement.compare(db, period(start, end), chosen)
    return DepartementOut(
        start=start, end=end, threshold=suppression.THRESHOLD, names=await departement.tenant_names(db), **compared
    )
