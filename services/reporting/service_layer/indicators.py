"""The indicators' queries (their definitions: domain/catalogue.py). Every query runs in a session
scoped to one tenant; an activity counts on the day it happened, in `[start, end)`; ratios over an
empty denominator are None, not 0."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from passerelle.clock import PARIS
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


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def within(column, period: Period):
    return column >= period.start, column < period.end


async def compute(session: AsyncSession, period: Period) -> tuple[dict, dict[str, dict[str, int]]]:
    """Every indicator of the session's tenant over the period, and the breakdowns."""
    values, breakdowns = {}, {}
    for family in (_case_activity, _orientations, _closures, _outreach, _referrals):
        family_values, family_breakdowns = await family(session, period)
        values.update(family_values)
        breakdowns.update(family_breakdowns)
    values["partners_involved"] = await _partners_involved(session, period)
    values["missed_appointments"] = await session.scalar(
        select(func.count()).select_from(MissedAppointmentFact).where(*within(MissedAppointmentFact.missed_on, period))
    )
    values["followups_initiated"] = await session.scalar(
        select(func.count()).select_from(CaseFact).where(*within(CaseFact.opened_on, period))
    )
    (
        values["median_days_to_first_appointment"],
        values["first_appointments_measured"],
    ) = await _median_days_to_first_appointment(session, period)
    return values, breakdowns


async def _case_activity(session, period):
    row = (
        await session.execute(
            select(
                func.count(distinct(ActivityFact.beneficiary_pid)).filter(ActivityFact.kind != "note"),
                func.count().filter(ActivityFact.kind == "appointment"),
                func.count().filter(ActivityFact.kind == "accompaniment"),
                func.count().filter(ActivityFact.kind == "procedure"),
                func.count().filter(ActivityFact.kind == "procedure", ActivityFact.channel == "LUP"),
            ).where(*within(ActivityFact.occurred_on, period))
        )
    ).one()
    schemes = await session.execute(
        select(ActivityFact.scheme, func.count())
        .where(ActivityFact.kind == "procedure", *within(ActivityFact.occurred_on, period))
        .group_by(ActivityFact.scheme)
    )
    return (
        {
            "persons_accompanied": row[0],
            "individual_appointments": row[1],
            "physical_accompaniments": row[2],
            "procedures_started": row[3],
            "lup_referrals": row[4],
        },
        {"procedures_by_scheme": {scheme or "unknown": n for scheme, n in schemes}},
    )


async def _orientations(session, period):
    proposed, followed, persons = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(ActivityFact.outcome == "followed"),
                func.count(distinct(ActivityFact.beneficiary_pid)),
            ).where(ActivityFact.kind == "orientation", *within(ActivityFact.occurred_on, period))
        )
    ).one()
    return (
        {
            "orientations_proposed": proposed,
            "orientations_followed": followed,
            "follow_rate": ratio(followed, proposed),
            "persons_oriented": persons,
        },
        {},
    )


async def _closures(session, period):
    last = (
        select(ClosureFact)
        .where(*within(ClosureFact.closed_on, period))
        .order_by(ClosureFact.case_id, ClosureFact.closed_on.desc(), ClosureFact.closed_at.desc())
        .distinct(ClosureFact.case_id)
        .subquery()
    )
    closed, improved, mean, responses = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(last.c.outcome == "improved"),
                func.avg(last.c.satisfaction),
                func.count(last.c.satisfaction),
            )
        )
    ).one()
    outcomes = await session.execute(select(last.c.outcome, func.count()).group_by(last.c.outcome))
    return (
        {
            "cases_closed": closed,
            "closed_improved": improved,
            "improvement_rate": ratio(improved, closed),
            "satisfaction_mean": round(float(mean), 2) if mean is not None else None,
            "satisfaction_responses": responses,
        },
        {"closures_by_outcome": dict(outcomes.all())},
    )


async def _outreach(session, period):
    received, actions, collective, meetings = (
        await session.execute(
            select(
                func.coalesce(
                    func.sum(OutreachActionFact.people_met).filter(OutreachActionFact.kind.in_(OUTREACH_KINDS)), 0
                ),
                func.count().filter(OutreachActionFact.kind.in_(OUTREACH_KINDS)),
                func.count().filter(OutreachActionFact.kind.in_(COLLECTIVE_KINDS)),
                func.count().filter(OutreachActionFact.kind == "partner_meeting"),
            ).where(*within(OutreachActionFact.occurred_on, period))
        )
    ).one()
    kinds = await session.execute(
        select(OutreachActionFact.kind, func.count())
        .where(*within(OutreachActionFact.occurred_on, period))
        .group_by(OutreachActionFact.kind)
    )
    theme = func.unnest(OutreachActionFact.themes).label("theme")
    themes = await session.execute(
        select(theme, func.count()).where(*within(OutreachActionFact.occurred_on, period)).group_by(theme)
    )
    return (
        {
            "persons_received": int(received),
            "outreach_actions": actions,
            "collective_actions": collective,
            "partner_meetings": meetings,
        },
        {"actions_by_kind": dict(kinds.all()), "actions_by_theme": dict(themes.all())},
    )


async def _referrals(session, period):
    received = (
        await session.execute(
            select(ReferralFact.source, ReferralFact.reasons, ReferralFact.difficulties).where(
                *within(ReferralFact.received_on, period)
            )
        )
    ).all()
    accepted, declined = (
        await session.execute(
            select(
                func.count().filter(ReferralFact.decision == "accepted"),
                func.count().filter(ReferralFact.decision == "declined"),
            ).where(*within(ReferralFact.decided_on, period))
        )
    ).one()
    return (
        {
            "referrals_received": len(received),
            "referrals_decided": accepted + declined,
            "referrals_accepted": accepted,
            "acceptance_rate": ratio(accepted, accepted + declined),
        },
        {
            "referrals_by_source": dict(Counter(r.source for r in received)),
            "referrals_by_reason": dict(Counter(x for r in received for x in r.reasons)),
            "referrals_by_difficulty": dict(Counter(x for r in received for x in r.difficulties)),
        },
    )


async def _partners_involved(session, period) -> int:
    """Distinct structures, by the directory's id; an orientation that named its structure before the
    directory did (not matched yet) counts by its name, unless a structure counted has that name."""
    oriented = (
        await session.execute(
            select(ActivityFact.partner_id, func.lower(ActivityFact.partner_name)).where(
                ActivityFact.kind == "orientation",
                ActivityFact.partner_name.is_not(None) | ActivityFact.partner_id.is_not(None),
                *within(ActivityFact.occurred_on, period),
            )
        )
    ).all()
    ids = {partner_id for partner_id, _ in oriented if partner_id is not None}
    ids |= set(
        await session.scalars(
            select(distinct(func.unnest(OutreachActionFact.partner_ids))).where(
                *within(OutreachActionFact.occurred_on, period)
            )
        )
    )
    unmatched = {name for partner_id, name in oriented if partner_id is None}
    if unmatched and ids:
        unmatched -= {name for partner_id, name in oriented if partner_id is not None}
        unmatched -= set(
            await session.scalars(select(func.lower(PartnerFact.name)).where(PartnerFact.partner_id.in_(ids)))
        )
    return len(ids) + len(unmatched)


async def _median_days_to_first_appointment(session, period) -> tuple[float | None, int]:
    """The median, and how many cases it is over."""
    first = (
        select(ActivityFact.case_id, func.min(ActivityFact.occurred_on).label("first_day"))
        .where(ActivityFact.kind == "appointment")
        .group_by(ActivityFact.case_id)
        .subquery()
    )
    submitted = func.date(func.timezone(PARIS.key, CaseFact.referral_submitted_at))
    days = first.c.first_day - submitted
    median, measured = (
        await session.execute(
            select(func.percentile_cont(0.5).within_group(days), func.count())
            .select_from(CaseFact)
            .join(first, first.c.case_id == CaseFact.case_id)
            # never negative: an appointment before the receipt is refused at entry, and a receipt
            # corrected later than an appointment leaves that case out rather than below zero
            .where(CaseFact.referral_id.is_not(None), days >= 0, *within(CaseFact.opened_on, period))
        )
    ).one()
    return (float(median) if median is not None else None), measured
