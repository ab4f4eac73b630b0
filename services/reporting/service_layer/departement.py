"""The département's view, for its operators: every tenant's indicators side by side, aggregated,
with small-count suppression so that no person can be singled out."""

from __future__ import annotations

from sqlalchemy import select, union

from passerelle import registry
from passerelle.db import Database
from reporting.adapters.orm import activity_facts, case_facts, outreach_action_facts, referral_facts
from reporting.domain.catalogue import INDICATORS
from reporting.domain.model import Period
from reporting.service_layer import indicators

THRESHOLD = 5
SUPPRESSED = "<5"
HIDDEN = "*"  # a cell of 5 or more hidden so that the total does not give away a suppressed one
# a ratio or a mean is shown only when what it is computed over reaches the threshold
BASIS = {name: indicator.basis for name, indicator in INDICATORS.items() if indicator.basis}
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


async def tenant_names(db: Database) -> dict[str, str]:
    """The registered tenants' names (organisations, not people), for the headings."""
    async with db.unit_of_work(tenant=None) as uow:
        return {tenant["id"]: tenant["name"] for tenant in await registry.list_tenants(uow=uow)}


async def tenants_with_facts(db: Database) -> list[str]:
    query = union(*(select(table.c.tenant_id) for table in (case_facts, activity_facts, outreach_action_facts,
                                                            referral_facts)))
    async with db.unit_of_work(tenant=None, cross_tenant_reason="the département's list of reporting tenants") as uow:
        return sorted(row[0] for row in await uow.session.execute(query))


async def compare(db: Database, period: Period, tenants: list[str] | None) -> dict:
    """Per tenant, then for the whole département: the indicators, suppressed."""
    chosen = tenants or await tenants_with_facts(db)
    computed, total = {}, {}
    for tenant in chosen:
        async with db.unit_of_work(tenant=tenant) as uow:  # each tenant computed in its own scope
            computed[tenant], _ = await indicators.compute(uow.session, period)
        for name, value in computed[tenant].items():
            if name not in RATIOS:
                total[name] = total.get(name, 0) + (value or 0)
    rows = {tenant: suppress(values) for tenant, values in computed.items()}
    _hide_what_the_total_would_reveal(computed, rows)
    return {"tenants": rows, "departement": suppress({**total, **{name: None for name in RATIOS}})}


def _hide_what_the_total_would_reveal(computed: dict[str, dict], rows: dict[str, dict]) -> None:
    """Secondary suppression: where a single tenant's count is suppressed, the total minus the
    others would give it; the next smallest count is hidden too, so that two stay unknown."""
    for name in (n for n in next(iter(computed.values()), {}) if n not in RATIOS):
        suppressed = [t for t in rows if rows[t][name] == SUPPRESSED]
        shown = sorted((computed[t][name], t) for t in rows if isinstance(rows[t][name], int) and rows[t][name] > 0)
        if len(suppressed) == 1 and shown:
            rows[shown[0][1]][name] = HIDDEN
