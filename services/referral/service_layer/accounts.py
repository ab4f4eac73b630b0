"""The team page's use cases: a tenant's accounts at the identity provider, changed by its coordinator
or by the département's operator, each change written in the team's journal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select, text

from passerelle import clock, registry
from passerelle.auth import Principal, Role
from passerelle.db import Database, UnitOfWork
from passerelle.errors import NotFound
from referral.domain.accounts import (
    Account,
    AccountAction,
    AccountChange,
    check_approval,
    check_disabling,
    check_invitation,
    check_roles_change,
    roles_given_by,
)

JOURNAL_LINES = 100


class AccountDirectory(Protocol):
    """Where the accounts live (referral.adapters.keycloak_accounts)."""

    async def members(self, tenant: str) -> list[Account]: ...
    async def pending(self) -> list[Account]: ...
    async def account(self, account_id: str) -> Account: ...
    async def invite(
        self, tenant: str, *, username: str, first_name: str, last_name: str, email: str, roles: frozenset[Role]
    ) -> tuple[Account, str]: ...
    async def change_roles(self, account_id: str, *, give: frozenset[Role], remove: frozenset[Role]) -> None: ...
    async def disable(self, account_id: str) -> None: ...
    async def join(self, account_id: str, tenant: str) -> None: ...


@dataclass(frozen=True)
class Invitation:
    username: str
    first_name: str
    last_name: str
    email: str
    roles: frozenset[Role]


@dataclass
class Team:
    tenant: str
    members: list[Account]
    pending: list[Account]
    journal: list[AccountChange]


async def team(*, directory: AccountDirectory, db: Database, tenant: str) -> Team:
    """The tenant's accounts, those awaiting approval, and the journal, latest first."""
    async with db.unit_of_work(tenant=tenant) as uow:
        await _require_registered(uow, tenant)
        rows = await uow.session.scalars(select(AccountChange).order_by(AccountChange.at.desc()).limit(JOURNAL_LINES))
        journal = list(rows)
    members = sorted(await directory.members(tenant), key=lambda a: a.username)
    pending = sorted(await directory.pending(), key=lambda a: a.username)
    return Team(tenant=tenant, members=members, pending=pending, journal=journal)


async def invite(
    *,
    directory: AccountDirectory,
    db: Database,
    by: Principal,
    tenant: str,
    invitation: Invitation,
    invitation_id: uuid.UUID | None = None,
) -> tuple[Account, str | None]:
    """A new account of the tenant; its temporary password, shown once to whoever invited.

    `invitation_id`: the one the form's key names (passerelle.http.idempotency), the id of its journal
    line. The same invitation sent again (a double tap, a reload) creates nothing more: it answers the
    account it created, without its password, which was shown once. Sendings of one key wait on each
    other (a lock on the id), so the second sees the first's line."""
    check_invitation(by, invitation.roles)
    async with db.unit_of_work(tenant=tenant) as uow:
        await _require_registered(uow, tenant)
        if invitation_id is not None:
            await uow.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": invitation_id.int >> 65})
            if (earlier := await uow.session.get(AccountChange, invitation_id)) is not None:
                return await directory.account(earlier.target_id), None
        account, password = await directory.invite(
            tenant,
            username=invitation.username,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            email=invitation.email,
            roles=invitation.roles,
        )
        # the account's id is known only once it exists: here the line follows the change
        await _journal(
            uow,
            directory,
            by,
            account,
            AccountAction.INVITED,
            before=frozenset(),
            after=account.roles,
            line_id=invitation_id,
        )
        await uow.commit()
    return account, password


async def change_roles(
    *, directory: AccountDirectory, db: Database, by: Principal, tenant: str, account_id: str, checked: frozenset[Role]
) -> None:
    """The account's roles become those `checked` among the ones `by` gives; its other roles stay."""
    account = await directory.account(account_id)
    roles = (account.roles - roles_given_by(by)) | checked
    check_roles_change(by, account, tenant, roles)
    if roles == account.roles:
        return
    async with db.unit_of_work(tenant=tenant) as uow:
        await _journal(uow, directory, by, account, AccountAction.ROLES_CHANGED, before=account.roles, after=roles)
        await directory.change_roles(account_id, give=roles - account.roles, remove=account.roles - roles)
        await uow.commit()


async def disable(*, directory: AccountDirectory, db: Database, by: Principal, tenant: str, account_id: str) -> None:
    """The account can no longer sign in, and its sessions end."""
    account = await directory.account(account_id)
    check_disabling(by, account, tenant)
    async with db.unit_of_work(tenant=tenant) as uow:
        await _journal(uow, directory, by, account, AccountAction.DISABLED, before=account.roles, after=account.roles)
        await directory.disable(account_id)
        await uow.commit()


async def approve(
    *, directory: AccountDirectory, db: Database, by: Principal, tenant: str, account_id: str, roles: frozenset[Role]
) -> None:
    """A pending account joins the tenant with these roles."""
    account = await directory.account(account_id)
    check_approval(by, account, roles)
    async with db.unit_of_work(tenant=tenant) as uow:
        await _require_registered(uow, tenant)
        await _journal(uow, directory, by, account, AccountAction.APPROVED, before=frozenset(), after=roles)
        await directory.join(account_id, tenant)
        await directory.change_roles(account_id, give=roles, remove=frozenset())
        await uow.commit()


async def _journal(
    uow: UnitOfWork,
    directory: AccountDirectory,
    by: Principal,
    account: Account,
    action: AccountAction,
    *,
    before: frozenset[Role],
    after: frozenset[Role],
    line_id: uuid.UUID | None = None,
) -> None:
    """Write the change's line, uncommitted: the caller changes the provider next and commits only if it
    accepted. So a refused change leaves no line, and only a database lost between the provider's
    answer and the commit would leave a change without its line."""
    uow.session.add(
        AccountChange(
            tenant_id=uow.own_tenant,
            actor_subject=by.subject,
            actor_username=by.name or (await directory.account(by.subject)).username,
            target_id=account.id,
            target_username=account.username,
            action=action.value,
            roles_before=sorted(before),
            roles_after=sorted(after),
            at=clock.now(),
            id=line_id or uuid.uuid4(),
        )
    )
    await uow.session.flush()


async def _require_registered(uow: UnitOfWork, tenant: str) -> None:
    # an operator's choice of tenant comes from a form: only a registered tenant has accounts
    if not await registry.is_registered(uow=uow, tenant_id=tenant):
        raise NotFound("tenant")
