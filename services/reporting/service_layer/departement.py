"""The département's view, for its operators: every tenant's indicators side by side, aggregated,
with small-count suppression so that no person can be singled out."""

from __future__ import annotations

from sqlalchemy import select, union

from passerelle.db import Database
from reporting.adapters.orm import activity_facts, case_facts, outreach_action_facts, referral_facts
from reporting.domain.model import Period
from reporting.service_layer import indicators

THRESHOLD = 5
SUPPRESSED = "<5"
# a ratio or a mean is shown only when what it is computed over reaches the threshold
BASIS = {"follow_rate": "orientations_proposed", "improvement_rate": "cases_closed",
         "satisfaction_mean": "satisfaction_responses", "acceptance_rate": "referrals_received",
         "median_days_to_first_appointment": "followups_initiated"}
RATIOS = set(BASIS)


def suppress(values: dict) -> dict:
    """Counts from 1 to 4 become "<5"; a ratio over fewer than 5 becomes None."""
    shown = {}
    for name, value in values.items():
        if name in RATIOS:
            basis = values[BASIS[name]]
            shown[name] = value if isinstance(basis, int) and basis >= THRESHOLD else None
        else:
            shown[name] = SUPPRESSED if isinstance(value, int) and 0 < value < THRESHOLD else value
    return shown


def suppress_breakdowns(breakdowns: dict[str, dict[str, int]]) -> dict[str, dict[str, int | str]]:
    return {name: {key: SUPPRESSED if 0 < count < THRESHOLD else count for key, count in table.items()}
            for name, table in breakdowns.items()}


async def tenants_with_facts(db: Database) -> list[str]:
    query = union(*(select(table.c.tenant_id) for table in (case_facts, activity_facts, outreach_action_facts,
                                                            referral_facts)))
    async with db.unit_of_work(tenant=None, cross_tenant_reason="the département's list of reporting tenants") as uow:
        return sorted(row[0] for row in await uow.session.execute(query))


async def compare(db: Database, period: Period, tenants: list[str] | None) -> dict:
    """Per tenant, then for the whole département: the indicators, suppressed."""
    chosen = tenants or await tenants_with_facts(db)
    rows, total = {}, {}
    for tenant in chosen:
        async with db.unit_of_work(tenant=tenant) as uow:  # each tenant computed in its own scope
            values, _ = await indicators.compute(uow.session, period)
        rows[tenant] = suppress(values)
        for name, value in values.items():
            if name not in RATIOS:
                total[name] = total.get(name, 0) + (value or 0)
    return {"tenants": rows, "departement": suppress({**total, **{name: None for name in RATIOS}})}
