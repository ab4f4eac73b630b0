"""The outreach calendar: the week as a grid (seven days, each action at its time: the maraudes, the
drop-ins and the walking groups planned as weekly series, and what was recorded), or a month as a list;
and planning a weekly series from the page."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from outreach.domain.model import OutreachAction
from outreach.entrypoints.pages import _day, _labels
from outreach.entrypoints.recording import plan_once
from outreach.entrypoints.schemas import SeriesIn
from outreach.service_layer import actions as use_cases
from passerelle import clock
from passerelle.errors import InvalidInput
from passerelle.http import idempotency
from passerelle.http.deps import DatabaseDep
from passerelle.web import drafts
from passerelle.web.forms import flat
from passerelle.web.french import french_errors
from passerelle.web.pages import MediatorPage, render

router = APIRouter(include_in_schema=False)
LISTS = frozenset({"themes"})
REFUSALS = {
    "the series ends before it starts": "La série finit avant de commencer.",
}


@router.get("/calendrier")
async def calendar(request: Request, principal: MediatorPage, db: DatabaseDep, semaine: str = "", mois: str = ""):
    """The week of `semaine` (today's by default) as a grid, Monday first; or the month `mois` as a list."""
    if (first_of_month := _month(mois)) is not None:
        return await _month_list(request, principal, db, first_of_month)
    return await _week(request, principal, db, _day(semaine) or clock.today())


@router.post("/calendrier/serie")
async def plan_series(request: Request, principal: MediatorPage, db: DatabaseDep):
    """A weekly series planned from the calendar: one occurrence per week, on the first one's weekday."""
    values = {k: v for k, v in flat(await request.form(), lists=LISTS).items() if v not in ("", None, [])}
    key = values.pop(idempotency.FORM_FIELD, None)
    try:
        series = SeriesIn.model_validate(values)
        planned = await plan_once(db, by=principal, series=series.model_dump(), key=key)
    except ValidationError as exc:
        return await _refused(request, principal, db, values, key, french_errors(exc))
    except InvalidInput as exc:
        reason = REFUSALS.get(exc.reason, f"{exc.reason[:1].upper()}{exc.reason[1:]}.")
        if exc.reason.startswith("a series has at most"):
            reason = "Une série compte au plus une année de semaines : avancez la fin."
        return await _refused(request, principal, db, values, key, {exc.field: reason})
    week = planned[0].occurred_on.isoformat()
    back = f"{request.scope.get('root_path', '')}/calendrier?semaine={week}&prevue={len(planned)}#week"
    return drafts.taken(request, RedirectResponse(back, status_code=303), key)


async def _refused(request, principal, db, values: dict, key, errors: dict):
    values[idempotency.FORM_FIELD] = key  # the corrected form still plans once
    day = _day(str(values.get("first", ""))) or clock.today()
    return await _week(request, principal, db, day, values=values, errors=errors, status_code=422)


async def _week(request, principal, db, day: date, *, values=None, errors=None, status_code: int = 200):
    monday = day - timedelta(days=day.weekday())
    days: dict[date, list[OutreachAction]] = {monday + timedelta(days=n): [] for n in range(7)}
    for action in await _actions(principal, db, monday, monday + timedelta(days=6)):
        days[action.occurred_on].append(action)
    for listed in days.values():
        listed.sort(key=lambda a: (a.start_time or time.min, a.kind))
    return render(
        request,
        "calendrier.html",
        status_code,
        days=days,
        monday=monday,
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
        today=clock.today(),
        ends=ends_at,
        values=values or {},
        errors=errors or {},
        **_labels(),
    )


async def _month_list(request, principal, db, first: date):
    last = first.replace(day=monthrange(first.year, first.month)[1])
    days: dict[date, list] = {}
    for action in sorted(await _actions(principal, db, first, last), key=lambda a: a.occurred_on):
        days.setdefault(action.occurred_on, []).append(action)
    return render(
        request,
        "calendrier_mois.html",
        first=first,
        days=days,
        previous=(first - timedelta(days=1)).replace(day=1),
        following=last + timedelta(days=1),
        today=clock.today(),
        **_labels(),
    )


async def _actions(principal, db, start: date, end: date) -> list[OutreachAction]:
    async with db.unit_of_work(tenant=principal.tenant) as uow:
        found, _ = await use_cases.list_actions(
            uow=uow, where=use_cases.ActionFilter(start=start, end=end), limit=500, offset=0
        )
    return found


def ends_at(action: OutreachAction) -> time | None:
    """When an action that says its start and duration ends (a drop-in 14:00 + 180 min: 17:00)."""
    if action.start_time is None or not action.duration_minutes:
        return None
    return (datetime.combine(action.occurred_on, action.start_time) + timedelta(minutes=action.duration_minutes)).time()


def _month(text: str) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None
