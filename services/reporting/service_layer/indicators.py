"""The indicator definitions, written once (../shared/domain.md). Every query runs in a session
scoped to one tenant; an activity counts on the day it happened, in `[start, end)`."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.domain.model import ActivityFact, CaseFact, OutreachActionFact, Period

OUTREACH_KINDS = ("street_outreach", "home_visit", "drop_in", "collective_action", "event")
COLLECTIVE_KINDS = ("collective_action", "event")

DEFINITIONS = {
    "persons_accompanied": "distinct beneficiaries with at least one case activity other than a note in the period",
    "individual_appointments": "activities of kind appointment in the period",
    "physical_accompaniments": "activities of kind accompaniment in the period",
    "followups_initiated": "cases opened in the period (from a referral or directly)",
    "persons_received": "people met over street outreach, home visits, drop-ins, collective actions and events",
    "outreach_actions": "actions of kinds street_outreach, home_visit, drop_in, collective_action, event",
    "collective_actions": "actions of kinds collective_action and event",
    "partner_meetings": "actions of kind partner_meeting",
}


def _activities(period: Period):
    return ActivityFact.occurred_on >= period.start, ActivityFact.occurred_on < period.end


def _actions(period: Period):
    return OutreachActionFact.occurred_on >= period.start, OutreachActionFact.occurred_on < period.end


async def compute(session: AsyncSession, period: Period) -> dict[str, int]:
    """Every indicator of the tenant's session over the period."""
    activity = await session.execute(select(
        func.count(distinct(ActivityFact.beneficiary_pid)).filter(ActivityFact.kind != "note"),
        func.count().filter(ActivityFact.kind == "appointment"),
        func.count().filter(ActivityFact.kind == "accompaniment"),
    ).where(*_activities(period)))
    persons_accompanied, appointments, accompaniments = activity.one()

    followups = await session.scalar(select(func.count()).select_from(CaseFact).where(
        CaseFact.opened_on >= period.start, CaseFact.opened_on < period.end))

    outreach = await session.execute(select(
        func.coalesce(func.sum(OutreachActionFact.people_met).filter(OutreachActionFact.kind.in_(OUTREACH_KINDS)), 0),
        func.count().filter(OutreachActionFact.kind.in_(OUTREACH_KINDS)),
        func.count().filter(OutreachActionFact.kind.in_(COLLECTIVE_KINDS)),
        func.count().filter(OutreachActionFact.kind == "partner_meeting"),
    ).where(*_actions(period)))
    persons_received, outreach_actions, collective_actions, partner_meetings = outreach.one()

    return {
        "persons_accompanied": persons_accompanied,
        "individual_appointments": appointments,
        "physical_accompaniments": accompaniments,
        "followups_initiated": followups,
        "persons_received": int(persons_received),
        "outreach_actions": outreach_actions,
        "collective_actions": collective_actions,
        "partner_meetings": partner_meetings,
    }
