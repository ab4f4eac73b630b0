"""The indicators' queries (their definitions: domain/catalogue.py). Every query runs in a session
scoped to one tenant; an activity counts on the day it happened, in `[start, end)`; ratios over an
empty denominator are None, not 0.

Each family of indicators is one query or two over the whole period, grouped when asked: by calendar
month (`compute_months`: the dashboard's and the report's twelve months in one pass, not twelve) or by
tenant (`compute_tenants`: the département's table in one pass, its families side by side, each in its own
transaction across tenants). A distinct count is distinct within its group: a month's persons do not add up
to the year's."""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Hashable

from sqlalchemy import Date, cast, distinct, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from passerelle.clock import PARIS
from passerelle.db import Database
from reporting.domain.catalogue import COLLECTIVE_KINDS, OUTREACH_KINDS
from reporting.domain.model import (
    ActivityFact,
    CaseFact,
    ClosureFact,
    MissedAppointmentFact,
    OutreachActionFact,
    PartnerFact,
    Period,
    ReferralFact,
)

WHOLE, MONTHS, TENANTS = "whole", "months", "tenants"  # how a computation groups its facts
WORK_MEM = "64MB"
CROSS_TENANT_CONNECTIONS = 3  # the département's families side by side, on this many connections at most
CROSS_TENANT_REASON = "the département's table, tenant by tenant"


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def within(column, period: Period):
    return column >= period.start, column < period.end


async def compute(session: AsyncSession, period: Period) -> tuple[dict, dict[str, dict[str, int]]]:
    """Every indicator of the session's tenant over the period, and the breakdowns."""
    values, breakdowns = _merged([await family(session, period, WHOLE) for family in FAMILIES])
    return values[None], breakdowns[None]


async def compute_months(session: AsyncSession, months: list[Period]) -> list[tuple[Period, dict]]:
    """The indicators of calendar months (summary.calendar_months: consecutive, cut to a period), each
    month's own, in one pass."""
    if not months:
        return []
    whole = Period(months[0].start, months[-1].end)
    values, _ = _merged([await family(session, whole, MONTHS) for family in FAMILIES])
    return [(month, values[month.start.replace(day=1)]) for month in months]


async def compute_tenants(db: Database, period: Period, tenants: list[str]) -> dict[str, dict]:
    """Each tenant's indicators over the period, in one pass: the families side by side, each in its own
    transaction across tenants (thirty tenants' ten years are seconds of queries one after another)."""
    connections = asyncio.Semaphore(CROSS_TENANT_CONNECTIONS)

    async def across_tenants(family: Family) -> dict:
        async with connections, db.unit_of_work(tenant=None, cross_tenant_reason=CROSS_TENANT_REASON) as uow:
            # a distinct count sorts its rows: in memory, not on disk (PostgreSQL's default is 4 MB; the
            # département's year is some 300,000 activities), for this transaction only
            await uow.session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
            return await family(uow.session, period, TENANTS)

    values, _ = _merged(await asyncio.gather(*(across_tenants(family) for family in FAMILIES)))
    return {tenant: values[tenant] for tenant in tenants}


def _merged(families: list[dict]) -> tuple[defaultdict, defaultdict]:
    """The families' results, each {group: (values, breakdowns)}, as one values and one breakdowns per group."""
    values: defaultdict[Hashable, dict] = defaultdict(_empty)
    breakdowns: defaultdict[Hashable, dict] = defaultdict(dict)
    for result in families:
        for group, (family_values, family_breakdowns) in result.items():
            values[group].update(family_values)
            breakdowns[group].update(family_breakdowns)
    return values, breakdowns


def _empty() -> dict:
    """A group without a fact of some family: its counts are 0, its ratios and means None."""
    return {
        **dict.fromkeys(COUNTS, 0),
        **dict.fromkeys(("follow_rate", "improvement_rate", "satisfaction_mean", "acceptance_rate"), None),
        "median_days_to_first_appointment": None,
    }


COUNTS = (
    "persons_accompanied",
    "individual_appointments",
    "physical_accompaniments",
    "procedures_started",
    "lup_referrals",
    "orientations_proposed",
    "orientations_followed",
    "persons_oriented",
    "cases_closed",
    "closed_improved",
    "satisfaction_responses",
    "persons_received",
    "outreach_actions",
    "collective_actions",
    "partner_meetings",
    "referrals_received",
    "referrals_decided",
    "referrals_accepted",
    "partners_involved",
    "missed_appointments",
    "followups_initiated",
    "first_appointments_measured",
)


def _group(fact, day, by: str):
    """The expression a fact is grouped by: its month (its first day), its tenant, or None (the whole period)."""
    if by == MONTHS:
        return cast(func.date_trunc("month", day), Date)
    if by == TENANTS:
        return fact.tenant_id
    return None


def _leading(group) -> list:
    """The group's column first in a select (none for the whole period)."""
    return [] if group is None else [group]


def _keyed(rows, group) -> list[tuple]:
    """Rows as (group, *the rest): None for the whole period's."""
    return [tuple(row) if group is not None else (None, *row) for row in rows]


async def _rows(session, group, *columns, where, extra_group=()):
    """(group, *columns) rows, grouped by `group` (and `extra_group`)."""
    terms = [*_leading(group), *extra_group]
    query = select(*_leading(group), *columns).where(*where)
    if terms:
        query = query.group_by(*terms)
    return _keyed((await session.execute(query)).all(), group)


async def _case_activity(session, period, by):
    group = _group(ActivityFact, ActivityFact.occurred_on, by)
    when = within(ActivityFact.occurred_on, period)
    result: dict = {}
    for g, persons, appointments, accompaniments, procedures, lup in await _rows(
        session,
        group,
        func.count(distinct(ActivityFact.beneficiary_pid)).filter(ActivityFact.kind != "note"),
        func.count().filter(ActivityFact.kind == "appointment"),
        func.count().filter(ActivityFact.kind == "accompaniment"),
        func.count().filter(ActivityFact.kind == "procedure"),
        func.count().filter(ActivityFact.kind == "procedure", ActivityFact.channel == "LUP"),
        where=when,
    ):
        values = {
            "persons_accompanied": persons,
            "individual_appointments": appointments,
            "physical_accompaniments": accompaniments,
            "procedures_started": procedures,
            "lup_referrals": lup,
        }
        result[g] = (values, {"procedures_by_scheme": {}})
    for g, scheme, n in await _rows(
        session,
        group,
        ActivityFact.scheme,
        func.count(),
        where=(ActivityFact.kind == "procedure", *when),
        extra_group=(ActivityFact.scheme,),
    ):
        result[g][1]["procedures_by_scheme"][scheme or "unknown"] = n
    return _with_whole(result, by, lambda: ({}, {"procedures_by_scheme": {}}))


async def _orientations(session, period, by):
    result: dict = {}
    for g, proposed, followed, persons in await _rows(
        session,
        _group(ActivityFact, ActivityFact.occurred_on, by),
        func.count(),
        func.count().filter(ActivityFact.outcome == "followed"),
        func.count(distinct(ActivityFact.beneficiary_pid)),
        where=(ActivityFact.kind == "orientation", *within(ActivityFact.occurred_on, period)),
    ):
        values = {
            "orientations_proposed": proposed,
            "orientations_followed": followed,
            "follow_rate": ratio(followed, proposed),
            "persons_oriented": persons,
        }
        result[g] = (values, {})
    return _with_whole(result, by, lambda: ({}, {}))


async def _closures(session, period, by):
    """A case's last closure in its group (closed, reopened and closed again in a month counts once)."""
    group = _group(ClosureFact, ClosureFact.closed_on, by)
    last = (
        select(*([group.label("g")] if group is not None else []), ClosureFact)
        .where(*within(ClosureFact.closed_on, period))
        .order_by(*_leading(group), ClosureFact.case_id, ClosureFact.closed_on.desc(), ClosureFact.closed_at.desc())
        .distinct(*_leading(group), ClosureFact.case_id)
        .subquery()
    )
    result: dict = {}
    for g, closed, improved, mean, responses in _keyed(
        (
            await session.execute(
                select(
                    *_leading(last.c.g if group is not None else None),
                    func.count(),
                    func.count().filter(last.c.outcome == "improved"),
                    func.avg(last.c.satisfaction),
                    func.count(last.c.satisfaction),
                ).group_by(*_leading(last.c.g if group is not None else None))
            )
        ).all(),
        group,
    ):
        values = {
            "cases_closed": closed,
            "closed_improved": improved,
            "improvement_rate": ratio(improved, closed),
            "satisfaction_mean": round(float(mean), 2) if mean is not None else None,
            "satisfaction_responses": responses,
        }
        result[g] = (values, {"closures_by_outcome": {}})
    by_group = _leading(last.c.g if group is not None else None)
    outcomes = await session.execute(
        select(*by_group, last.c.outcome, func.count()).group_by(*by_group, last.c.outcome)
    )
    for g, outcome, n in _keyed(outcomes.all(), group):
        result[g][1]["closures_by_outcome"][outcome] = n
    return _with_whole(result, by, lambda: ({}, {"closures_by_outcome": {}}))


async def _outreach(session, period, by):
    group = _group(OutreachActionFact, OutreachActionFact.occurred_on, by)
    when = within(OutreachActionFact.occurred_on, period)
    outreach = OutreachActionFact.kind.in_(OUTREACH_KINDS)
    result: dict = {}
    for g, received, actions, collective, meetings in await _rows(
        session,
        group,
        func.coalesce(func.sum(OutreachActionFact.people_met).filter(outreach), 0),
        func.count().filter(outreach),
        func.count().filter(OutreachActionFact.kind.in_(COLLECTIVE_KINDS)),
        func.count().filter(OutreachActionFact.kind == "partner_meeting"),
        where=when,
    ):
        values = {
            "persons_received": int(received),
            "outreach_actions": actions,
            "collective_actions": collective,
            "partner_meetings": meetings,
        }
        result[g] = (values, {"actions_by_kind": {}, "actions_by_theme": {}})
    if by != WHOLE:  # the breakdowns are the whole period's only
        return result
    result = _with_whole(result, by, lambda: ({}, {"actions_by_kind": {}, "actions_by_theme": {}}))
    kinds = await _rows(
        session, group, OutreachActionFact.kind, func.count(), where=when, extra_group=(OutreachActionFact.kind,)
    )
    theme = func.unnest(OutreachActionFact.themes).label("theme")
    themes = await session.execute(select(theme, func.count()).where(*when).group_by(theme))
    result[None][1]["actions_by_kind"] = {kind: n for _, kind, n in kinds}
    result[None][1]["actions_by_theme"] = dict(themes.all())
    return result


async def _referrals(session, period, by):
    """Received and decided; the breakdowns (by source, reason, difficulty) for the whole period only."""
    received_on = within(ReferralFact.received_on, period)
    received = dict(
        await _rows(session, _group(ReferralFact, ReferralFact.received_on, by), func.count(), where=received_on)
    )
    decided = {
        g: (accepted, declined)
        for g, accepted, declined in await _rows(
            session,
            _group(ReferralFact, ReferralFact.decided_on, by),
            func.count().filter(ReferralFact.decision == "accepted"),
            func.count().filter(ReferralFact.decision == "declined"),
            where=within(ReferralFact.decided_on, period),
        )
    }
    result: dict = {}
    for g in {*received, *decided}:
        accepted, declined = decided.get(g, (0, 0))
        values = {
            "referrals_received": received.get(g, 0),
            "referrals_decided": accepted + declined,
            "referrals_accepted": accepted,
            "acceptance_rate": ratio(accepted, accepted + declined),
        }
        result[g] = (values, {})
    if by == WHOLE:
        rows = (
            await session.execute(
                select(ReferralFact.source, ReferralFact.reasons, ReferralFact.difficulties).where(*received_on)
            )
        ).all()
        result[None][1].update(
            {
                "referrals_by_source": dict(Counter(r.source for r in rows)),
                "referrals_by_reason": dict(Counter(x for r in rows for x in r.reasons)),
                "referrals_by_difficulty": dict(Counter(x for r in rows for x in r.difficulties)),
            }
        )
    return result


async def _partners_involved(session, period, by):
    """Distinct structures, by the directory's id; an orientation that named its structure before the
    directory did (not matched yet) counts by its name, unless a structure counted in its group has that name."""
    orientation_group = _group(ActivityFact, ActivityFact.occurred_on, by)
    oriented = _keyed(
        (
            await session.execute(
                select(*_leading(orientation_group), ActivityFact.partner_id, func.lower(ActivityFact.partner_name))
                .where(
                    ActivityFact.kind == "orientation",
                    ActivityFact.partner_name.is_not(None) | ActivityFact.partner_id.is_not(None),
                    *within(ActivityFact.occurred_on, period),
                )
                .distinct()  # a structure's few names, not each of its thousands of orientations
            )
        ).all(),
        orientation_group,
    )
    action_group = _group(OutreachActionFact, OutreachActionFact.occurred_on, by)
    involved = _keyed(
        (
            await session.execute(
                select(*_leading(action_group), func.unnest(OutreachActionFact.partner_ids))
                .where(*within(OutreachActionFact.occurred_on, period))
                .distinct()
            )
        ).all(),
        action_group,
    )
    ids: defaultdict[Hashable, set] = defaultdict(set)
    names_of_ids: defaultdict[Hashable, set] = defaultdict(set)
    unmatched: defaultdict[Hashable, set] = defaultdict(set)
    for g, partner_id, name in oriented:
        if partner_id is not None:
            ids[g].add(partner_id)
            names_of_ids[g].add(name)
        else:
            unmatched[g].add(name)
    for g, partner_id in involved:
        ids[g].add(partner_id)
    every_id = set().union(*ids.values()) if ids else set()
    directory: dict = {}
    if every_id and any(unmatched.values()):
        query = select(PartnerFact.partner_id, func.lower(PartnerFact.name)).where(PartnerFact.partner_id.in_(every_id))
        directory = dict((await session.execute(query)).all())
    result: dict = {}
    for g in {*ids, *unmatched} | ({None} if by == WHOLE else set()):
        names = unmatched.get(g, set())
        if names and ids.get(g):
            names = names - names_of_ids[g] - {directory.get(i) for i in ids[g]}
        result[g] = ({"partners_involved": len(ids.get(g, ())) + len(names)}, {})
    return result


async def _missed_appointments(session, period, by):
    return await _counted(session, period, by, MissedAppointmentFact.missed_on, "missed_appointments")


async def _followups_initiated(session, period, by):
    return await _counted(session, period, by, CaseFact.opened_on, "followups_initiated")


async def _counted(session, period, by, day, name: str) -> dict:
    """Facts counted on their day."""
    counted = dict(await _rows(session, _group(day.class_, day, by), func.count(), where=within(day, period)))
    if by == WHOLE:
        counted = {None: counted.get(None, 0)}
    return {g: ({name: n}, {}) for g, n in counted.items()}


async def _median_days_to_first_appointment(session, period, by) -> dict:
    """The median, and how many cases it is over."""
    from_referrals = select(CaseFact.case_id).where(
        CaseFact.referral_id.is_not(None), *within(CaseFact.opened_on, period)
    )
    first = (  # of the cases opened in the period only: not every appointment of ten years
        select(ActivityFact.case_id, func.min(ActivityFact.occurred_on).label("first_day"))
        .where(ActivityFact.kind == "appointment", ActivityFact.case_id.in_(from_referrals))
        .group_by(ActivityFact.case_id)
        .subquery()
    )
    submitted = func.date(func.timezone(PARIS.key, CaseFact.referral_submitted_at))
    days = first.c.first_day - submitted
    group = _group(CaseFact, CaseFact.opened_on, by)
    query = (
        select(*_leading(group), func.percentile_cont(0.5).within_group(days), func.count())
        .select_from(CaseFact)
        .join(first, first.c.case_id == CaseFact.case_id)
        # never negative: an appointment before the receipt is refused at entry, and a receipt
        # corrected later than an appointment leaves that case out rather than below zero
        .where(CaseFact.referral_id.is_not(None), days >= 0, *within(CaseFact.opened_on, period))
    )
    if group is not None:
        query = query.group_by(group)
    rows = _keyed((await session.execute(query)).all(), group)
    result = {g: (float(median) if median is not None else None, measured) for g, median, measured in rows}
    if by == WHOLE:
        result = {None: result.get(None, (None, 0))}
    return {
        g: ({"median_days_to_first_appointment": median, "first_appointments_measured": measured}, {})
        for g, (median, measured) in result.items()
    }


Family = Callable[[AsyncSession, Period, str], Awaitable[dict]]  # {group: (values, breakdowns)}
# the longest first: side by side (compute_tenants), the last to start is not the one everyone waits for
FAMILIES: tuple[Family, ...] = (
    _case_activity,
    _partners_involved,
    _median_days_to_first_appointment,
    _orientations,
    _closures,
    _outreach,
    _referrals,
    _missed_appointments,
    _followups_initiated,
)


def _with_whole(result: dict, by: str, empty) -> dict:
    """The whole period always has its group, facts or not."""
    if by == WHOLE and None not in result:
        result[None] = empty()
    return result
