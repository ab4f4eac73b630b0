"""Tenant scoping, applied once for every ORM query instead of a `where` in each repository.

A session declares its tenant in `session.info[TENANT]`. Every SELECT, UPDATE and DELETE on a
TenantOwned entity is filtered to it; a query on such an entity without a tenant is refused,
and a new row takes the session's tenant (a row of another tenant cannot be added).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

TENANT = "tenant"


class TenantOwned:
    """Marker base of every domain object that belongs to one tenant (has `tenant_id`)."""

    tenant_id: str


class TenantScopeMissing(RuntimeError):
    """A tenant-owned entity was queried from a session that has no tenant."""


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    owned = [m.class_ for m in state.all_mappers if issubclass(m.class_, TenantOwned)]
    if not owned:
        return
    tenant = state.session.info.get(TENANT)
    if tenant is None:
        raise TenantScopeMissing("query on tenant-owned data from a session without a tenant")
    state.statement = state.statement.options(*(
        with_loader_criteria(entity, entity.tenant_id == tenant, include_aliases=True) for entity in owned
    ))

@event.listens_for(Session, "before_flush")
def _stamp_tenant(session: Session, _context, _instances) -> None:
    tenant = session.info.get(TENANT)
    for obj in session.new:
        if not isinstance(obj, TenantOwned):
            continue
        if tenant is None:
            raise TenantScopeMissing(f"new {type(obj).__name__} from a session without a tenant")
        if getattr(obj, "tenant_id", None) in (None, tenant):
            obj.tenant_id = tenant
        else:
            raise TenantScopeMissing(f"{type(obj).__name__} of another tenant added to {tenant}'s session")
