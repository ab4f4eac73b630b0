"""Tenant scoping applied in one place, on the real PostgreSQL of the cases service."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from cases.adapters import orm
from cases.domain.model import Case
from passerelle import clock
from passerelle.db import Database
from passerelle.tenancy import TenantScopeMissing


def a_case(tenant: str | None = None) -> Case:
    return Case(
        id=uuid.uuid4(),
        tenant_id=tenant,
        beneficiary_pid=uuid.uuid4(),
        opened_on=date(2026, 1, 2),
        opened_at=clock.now(),
        assigned_to="mediator@scope",
    )


async def scenario(url: str) -> None:
    db = Database(url, service_name="cases", pool_size=2)
    try:
        async with db.unit_of_work(tenant="scope-a") as uow:
            uow.session.add(a_case())  # takes the session's tenant
            await uow.commit()
        async with db.unit_of_work(tenant="scope-b") as uow:
            assert (await uow.session.scalars(select(Case).where(Case.tenant_id == "scope-a"))).all() == []
            assert await uow.session.scalar(select(func.count()).select_from(Case)) == 0
            assert await uow.session.scalar(select(func.count(Case.id))) == 0
            with pytest.raises(TenantScopeMissing, match="mapped class"):
                await uow.session.execute(select(orm.cases))
        async with db.unit_of_work(tenant="scope-a") as uow:
            assert len((await uow.session.scalars(select(Case).where(Case.tenant_id == "scope-a"))).all()) >= 1
        async with db.unit_of_work(tenant=None) as uow:
            with pytest.raises(TenantScopeMissing):
                await uow.session.scalars(select(Case))
            with pytest.raises(TenantScopeMissing):
                await uow.session.scalar(select(func.count()).select_from(Case))
        async with db.unit_of_work(tenant="scope-b") as uow:
            uow.session.add(a_case("scope-a"))
            with pytest.raises(TenantScopeMissing):
                await uow.commit()
    finally:
        await db.dispose()


def test_queries_see_only_the_sessions_tenant_and_fail_closed_without_one(platform):
    asyncio.run(scenario(platform.postgres.url("cases")))
