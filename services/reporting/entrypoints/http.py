"""The reporting API: a tenant's indicators over a period."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from passerelle.http.deps import Coordinator, DatabaseDep
from reporting.domain.model import Period
from reporting.service_layer import indicators

router = APIRouter(prefix="/indicators", tags=["indicators"])


class IndicatorsOut(BaseModel):
    tenant: str
    start: date
    end: date
    indicators: dict[str, int | float | None]
    breakdowns: dict[str, dict[str, int]]
    definitions: dict[str, str]


@router.get("", response_model=IndicatorsOut)
async def get_indicators(
    principal: Coordinator, db: DatabaseDep,
    start: Annotated[date, Query(alias="from", description="first day included (Europe/Paris)")],
    end: Annotated[date, Query(alias="to", description="first day excluded (Europe/Paris)")],
):
    """The caller's tenant's indicators over `[from, to)`, with their definitions."""
    if end <= start:
        raise RequestValidationError([{"loc": ("query", "to"), "msg": "must be after 'from'", "type": "value_error"}])
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        values, breakdowns = await indicators.compute(uow.session, Period(start, end))
    return IndicatorsOut(tenant=principal.tenant, start=start, end=end, indicators=values, breakdowns=breakdowns,
                         definitions=indicators.DEFINITIONS)
