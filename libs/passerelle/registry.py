"""The tenant registry every service keeps from `tenant.registered`: slug, name, territory.

Every service includes `metadata` in its migrations and consumes `tenant.registered`: a token's
tenant must be a registered one (passerelle.http.deps), referral routes by territory, cases checks
transfers, reporting names the tenants.
"""

from __future__ import annotations

from sqlalchemy import ARRAY, Column, MetaData, String, Table, select
from sqlalchemy.dialects.postgresql import insert

from passerelle.contracts.events import TenantRegistered
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput, NotFound

metadata = MetaData()
tenants = Table(
    "tenants",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("postal_codes", ARRAY(String(5)), nullable=False),
)


async def record_tenant(payload: TenantRegistered, _envelope, uow: UnitOfWork) -> None:
    """Keep the tenant as announced; a later announcement wins."""
    values = {"id": payload.tenant_id, "name": payload.name, "postal_codes": list(payload.postal_codes)}
    await uow.session.execute(insert(tenants).values(values).on_conflict_do_update(index_elements=["id"], set_=values))


async def list_tenants(*, uow: UnitOfWork) -> list[dict]:
    rows = await uow.session.execute(select(tenants).order_by(tenants.c.id))
    return [dict(r._mapping) for r in rows]


async def tenant_name(*, uow: UnitOfWork, tenant_id: str) -> str:
    name = await uow.session.scalar(select(tenants.c.name).where(tenants.c.id == tenant_id))
    if name is None:
        raise NotFound("tenant")
    return name


async def require_transfer_target(*, uow: UnitOfWork, to_tenant: str, owner: str) -> None:
    """The one rule of every transfer (a referral's, a case's): 422 on `to_tenant` unless it names a
    registered tenant (never into a void) other than `owner`, the tenant the thing belongs to."""
    if to_tenant == owner:
        raise InvalidInput("to_tenant", "already belongs to this tenant; choose another one")
    if not await is_registered(uow=uow, tenant_id=to_tenant):
        raise InvalidInput("to_tenant", f"unknown tenant {to_tenant!r}")


async def is_registered(*, uow: UnitOfWork, tenant_id: str) -> bool:
    return await uow.session.scalar(select(tenants.c.id).where(tenants.c.id == tenant_id)) is not None
