"""The coordinator's page of the reporting service."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request

from passerelle.http.deps import DatabaseDep
from passerelle.web.pages import CoordinatorPage, render
from reporting.domain.model import Period
from reporting.service_layer import indicators

router = APIRouter(include_in_schema=False)
LABELS = {
    "persons_accompanied": "Personnes accompagnées",
    "individual_appointments": "Entretiens individuels",
    "physical_accompaniments": "Accompagnements physiques",
    "followups_initiated": "Suivis engagés",
    "persons_received": "Personnes rencontrées en aller-vers",
    "outreach_actions": "Actions d'aller-vers",
    "collective_actions": "Actions collectives",
    "partner_meetings": "Réunions partenaires",
}


@router.get("/indicateurs")
async def dashboard(request: Request, principal: CoordinatorPage, db: DatabaseDep, annee: int | None = None):
    year = annee if annee and 2000 <= annee <= date.today().year else date.today().year
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        values, _breakdowns = await indicators.compute(uow.session, Period(date(year, 1, 1), date(year + 1, 1, 1)))
    return render(request, "indicateurs.html", year=year, values=values, labels=LABELS)
