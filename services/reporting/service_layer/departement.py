"""The département's view, for its operators: every tenant's indicators side by side, aggregated,
with small-count suppression so that no person can be singled out."""

from __future__ import annotations

from sqlalchemy import func, select, union

from passerelle import registry
from passerelle.db import Database
from reporting.adapters.orm import activity_facts, case_facts, outreach_action_facts, referral_facts
from reporting.domain import suppression
from reporting.domain.model import Period
from reporting.service_layer import indicators


async def tenant_names(db: Database) -> dict[str, str]:
    """The registered tenants' names (organisations, not people), for the headings."""
    async with db.unit_of_work(tenant=None) as uow:
        return {tenant["id"]: tenant["name"] for tenant in await registry.list_tenants(uow=uow)}


async def tenants_with_facts(db: Database) -> list[str]:
    query = union(
        *(_tenants_of(table) for table in (case_facts, activity_facts, outreach_action_facts, referral_facts))
    )
    async with db.unit_of_work(tenant=None, cross_tenant_reason="the département's list of reporting tenants") as uow:
        return sorted(row[0] for row in await uow.session.execute(query))


def _tenants_of(table):
    """A table's distinct tenants by a walk of its (tenant_id, day) index, one step a tenant: not a read of
    every fact (millions of rows over ten years of thirty tenants)."""
    walk = select(func.min(table.c.tenant_id).label("tenant")).cte(f"{table.name}_tenants", recursive=True)
    following = select(func.min(table.c.tenant_id)).where(table.c.tenant_id > walk.c.tenant).scalar_subquery()
    walk = walk.union_all(select(following).where(walk.c.tenant.is_not(None)))
    return select(walk.c.tenant).where(walk.c.tenant.is_not(None))


async def compare(db: Database, period: Period, tenants: list[str] | None) -> dict:
    """Per tenant, then for the whole département: the indicators, suppressed."""
    listed = tenants or await tenants_with_facts(db)
    computed = await indicators.compute_tenants(db, period, listed)  # grouped by tenant, one pass
    return suppression.suppress_table(computed)
