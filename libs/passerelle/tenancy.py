"""Tenant scoping, applied once for every ORM query instead of a `where` in each repository.

A session declares its tenant in `session.info[TENANT]`. Every SELECT, UPDATE and DELETE that
reads a TenantOwned entity, in any FROM, join or subquery, is filtered to it; a query that reads
such an entity's table from a session without a tenant is refused; a new row takes the
session's tenant (a row of another tenant cannot be added).

The only ways across: a unit of work opened with a `cross_tenant_reason` (a public tracking
code does not know its tenant), and `UnitOfWork.acting_for(tenant)` (a transfer writes the
receiving tenant's copy in the same transaction). Both are explicit and easy to find.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.sql.util import find_tables

TENANT = "tenant"
CROSS_TENANT = "cross_tenant_reason"  # set only where a use case must look across tenants, and says why


class TenantOwned:
    """Marker base of every domain object that belongs to one tenant (has `tenant_id`)."""

    tenant_id: str


class TenantScopeMissing(RuntimeError):
    """A tenant-owned entity was queried from a session that has no tenant."""


def _tenant_owned_classes() -> list[type[TenantOwned]]:
    found, pending = [], list(TenantOwned.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if inspect(cls, raiseerr=False) is not None:
            found.append(cls)
    return found


@event.listens_for(Session, "do_orm_execute")
def _scope_to_tenant(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    owned = _tenant_owned_classes()
    statement = state.statement  # a SELECT, UPDATE or DELETE (checked above): a ClauseElement
    read = set(find_tables(statement, include_aliases=True, include_joins=True, include_crud=True))  # type: ignore[arg-type]
    reads_owned = any(inspect(cls).local_table in read for cls in owned) or any(
        issubclass(m.class_, TenantOwned) for m in state.all_mappers
    )
    if not reads_owned:
        return
    tenant = state.session.info.get(TENANT)
    if tenant is None and state.session.info.get(CROSS_TENANT):
        return
    if tenant is None:
        raise TenantScopeMissing("query on tenant-owned data from a session without a tenant")
    if not state.is_orm_statement:
        # the criteria below applies to ORM entities only: a Core statement on the table would escape it
        raise TenantScopeMissing("read tenant-owned data through its mapped class, not its table")
    state.statement = state.statement.options(
        *(with_loader_criteria(cls, cls.tenant_id == tenant, include_aliases=True) for cls in owned)
    )


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
