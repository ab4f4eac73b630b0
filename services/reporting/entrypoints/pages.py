"""The coordinator's pages of the reporting service: the dashboard, and the annual activity report
for the funder (ARS) as a page and as a PDF file."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from passerelle import clock, registry
from passerelle.errors import InvalidInput, NotFound
from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import CoordinatorPage, french_number, render
from reporting.domain import catalogue
from reporting.domain.catalogue import Unit
from reporting.domain.model import Period
from reporting.entrypoints import charts, exports, labels
from reporting.service_layer.summary import Summary, calendar_months, summarise

router = APIRouter(include_in_schema=False)
FIRST_YEAR = 2000


def year_asked(annee: str = "") -> int | None:
    """The `annee` of a page's address; an empty field is no year (the forms send it so)."""
    if not annee.strip():
        return None
    if not annee.strip().isdigit():
        raise InvalidInput("annee", "indiquez une année, par exemple 2025")
    return int(annee)


YearAsked = Annotated[int | None, Depends(year_asked)]


def period_asked(annee: YearAsked, du: str = "", au: str = "") -> Period:
    """The dashboard's period: a year (this one by default), or from `du` to `au`, both included."""
    start, end = _day(du, "du"), _day(au, "au")
    if start or end:
        if not (start and end):
            raise InvalidInput("au" if start else "du", "indiquez les deux dates de la période")
        if end < start:
            raise InvalidInput("au", "la date de fin doit suivre la date de début")
        if (end - start).days > 5 * 366:
            raise InvalidInput("au", "la période ne peut dépasser cinq ans")
        return Period(start, end + timedelta(days=1))
    year = year_of(annee, default=clock.today().year)
    return Period(date(year, 1, 1), date(year + 1, 1, 1))


PeriodAsked = Annotated[Period, Depends(period_asked)]


def _day(value: str, field: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(field, "indiquez une date au format jj/mm/aaaa") from None


@router.get("/indicateurs")
async def dashboard(request: Request, principal: CoordinatorPage, db: DatabaseDep, period: PeriodAsked):
    """A year by default, or any period from `du` to `au` (included), beside the period just before."""
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        summary = await summarise(uow.session, period)
    whole_year = period == Period(date(period.start.year, 1, 1), date(period.start.year + 1, 1, 1))
    return render(request, "tableau.html", **_view(summary), year=period.start.year if whole_year else None)


@router.get("/indicateurs.csv")
async def dashboard_csv(principal: CoordinatorPage, db: DatabaseDep, period: PeriodAsked):
    return await exports.period_table(db, principal.own_tenant, period)


@router.get("/indicateurs-mensuels.csv")
async def dashboard_monthly_csv(principal: CoordinatorPage, db: DatabaseDep, period: PeriodAsked):
    return await exports.monthly_table(db, principal.own_tenant, period, calendar_months(period))


@router.get("/rapport")
async def annual_report(request: Request, principal: CoordinatorPage, db: DatabaseDep, annee: YearAsked):
    return render(
        request, "rapport.html", **await _report(db, principal.own_tenant, year_of(annee, default=_report_year()))
    )


@router.get("/rapport.pdf")
async def annual_report_pdf(request: Request, principal: CoordinatorPage, db: DatabaseDep, annee: YearAsked):
    from weasyprint import HTML  # heavy: loaded on the first PDF

    year = year_of(annee, default=_report_year())
    context = await _report(db, principal.own_tenant, year)
    html = request.app.state.templates.get_template("rapport_pdf.html").render(request=request, **context)
    # tagged for screen readers (PDF/UA-1), with its title and its language from the page's <title> and lang
    pdf = await run_in_threadpool(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="rapport-activite-{principal.tenant}-{year}.pdf"'},
    )


def year_of(annee: int | None, *, default: int) -> int:
    """The year asked for, or `default`; a 422 in French outside the years Passerelle can hold."""
    this_year = clock.today().year
    if annee is None:
        return default
    if not FIRST_YEAR <= annee <= this_year:
        raise InvalidInput("annee", f"l'année doit être comprise entre {FIRST_YEAR} et {this_year}")
    return annee


def _report_year() -> int:
    """Early in the year, the report wanted is last year's."""
    today = clock.today()
    return today.year - 1 if today.month < 4 else today.year


async def _report(db, tenant: str, year: int) -> dict:
    async with db.unit_of_work(tenant=tenant) as uow:
        summary = await summarise(uow.session, Period(date(year, 1, 1), date(year + 1, 1, 1)))
        try:
            name = await registry.tenant_name(uow=uow, tenant_id=tenant)
        except NotFound:
            name = tenant  # announced before reporting kept the registry
    generated = clock.paris_now()
    return {**_view(summary), "year": year, "tenant_name": name, "generated": generated}


def _view(summary: Summary) -> dict:
    """What the templates show: rows with their evolution, the charts, the breakdowns."""
    sections = {
        title: [_row(indicator, summary) for indicator in indicators]
        for title, indicators in catalogue.SECTIONS.items()
    }
    monthly = (
        [
            charts.monthly(
                catalogue.INDICATORS[name].label,
                [(labels.MONTHS[m.start.month - 1], values[name]) for m, values in summary.months],
                shown=french_number,
            )
            for name in labels.CHARTS
        ]
        if len(summary.months) > 1
        else []
    )
    breakdowns = [
        (
            b.name,
            b.title,
            charts.ranking(
                b.title,
                [(b.vocabulary.get(key, key), count) for key, count in summary.breakdowns.get(b.name, {}).items()],
                french_number,
            ),
        )
        for b in catalogue.BREAKDOWNS.values()
    ]
    return {
        "summary": summary,
        "sections": sections,
        "monthly": monthly,
        "breakdowns": breakdowns,
        "key_figures": [
            (catalogue.INDICATORS[n].label, french_number(summary.values[n]))
            for n in (
                "persons_accompanied",
                "individual_appointments",
                "persons_received",
                "orientations_proposed",
                "cases_closed",
            )
        ],
    }


def _row(indicator: catalogue.Indicator, summary: Summary) -> tuple:
    now, before = summary.values[indicator.name], summary.previous_values[indicator.name]
    return (
        indicator.name,
        indicator.label,
        shown(indicator.name, now),
        shown(indicator.name, before),
        _evolution(indicator.name, now, before),
    )


def shown(name: str, value) -> str:
    """An indicator's value as the pages write it: a rate in %, a count with its thousands spaced."""
    return french_number(value, rate=_is_rate(name))


def _is_rate(name: str) -> bool:
    return catalogue.INDICATORS[name].unit is Unit.RATE


def _evolution(name: str, now, before) -> str:
    """+12, −3, = ; for a rate, in points."""
    if now is None or before is None:
        return ""
    difference = (now - before) * 100 if _is_rate(name) else now - before
    if abs(difference) < 0.05:
        return "="
    sign = "+" if difference > 0 else "−"
    unit = "\u202fpt" if _is_rate(name) else ""
    return f"{sign}{french_number(round(abs(difference), 1))}{unit}"
