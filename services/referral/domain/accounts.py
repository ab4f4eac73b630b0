"""Who may change which account of the identity provider. Plain Python: no framework here.

A tenant's accounts are the members of its group `tenant-<slug>`. A coordinator manages the
accounts of their own tenant and gives only its working roles; the département's operator manages
coordinators, in any tenant. Nobody gives the operator's or a machine subscriber's role from the
pages: those are set by whoever runs the identity provider.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from passerelle.auth import Principal, Role
from passerelle.errors import DomainError, NotFound
from passerelle.tenancy import TenantOwned

TEAM_ROLES = frozenset({Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR})  # what a coordinator gives
OPERATOR_GIVES = frozenset({Role.COORDINATOR})


class AccountAction(StrEnum):
    INVITED = "invited"
    ROLES_CHANGED = "roles_changed"
    DISABLED = "disabled"
    APPROVED = "approved"


class Refusal(StrEnum):
    """Why a change of an account is refused (the pages say it in French)."""

    NOT_A_MANAGER = "not_a_manager"
    ROLE_NOT_YOURS_TO_GIVE = "role_not_yours_to_give"
    OWN_COORDINATOR_ROLE = "own_coordinator_role"
    OWN_ACCOUNT = "own_account"
    NOT_PENDING = "not_pending"
    NO_ROLE = "no_role"
    TENANT_REQUIRED = "tenant_required"


class AccountChangeRefused(DomainError):
    """The person asking may not make this change (403), for the reason given."""

    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class Account:
    """A person's account at the identity provider, as the team page shows it."""

    id: str
    username: str
    name: str
    enabled: bool
    roles: frozenset[Role]  # the Passerelle roles only
    tenant: str | None  # the slug of the tenant group it belongs to

    @property
    def pending(self) -> bool:
        """Signed in through a federation for the first time: no tenant, no role, nothing to see yet."""
        return self.tenant is None and not self.roles


@dataclass
class AccountChange(TenantOwned):
    """One line of the team's journal: who changed whose account, and how. Usernames only."""

    tenant_id: str
    actor_subject: str
    actor_username: str
    target_id: str
    target_username: str
    action: str
    roles_before: list[str]
    roles_after: list[str]
    at: datetime
    id: uuid.UUID = field(default_factory=uuid.uuid4)


def managed_tenant(by: Principal, chosen: str | None) -> str:
    """The tenant whose accounts `by` manages: a coordinator's own (whatever was asked), the one an
    operator chose."""
    if Role.COORDINATOR in by.roles and by.tenant is not None:
        return by.tenant
    if Role.OPERATOR in by.roles:
        if not chosen:
            raise AccountChangeRefused(Refusal.TENANT_REQUIRED)
        return chosen
    raise AccountChangeRefused(Refusal.NOT_A_MANAGER)


def roles_given_by(by: Principal) -> frozenset[Role]:
    if Role.COORDINATOR in by.roles and by.tenant is not None:
        return TEAM_ROLES
    if Role.OPERATOR in by.roles:
        return OPERATOR_GIVES
    return frozenset()


def check_invitation(by: Principal, roles: frozenset[Role]) -> None:
    """A new account of the managed tenant starts with roles its inviter may give, at least one."""
    if not roles:
        raise AccountChangeRefused(Refusal.NO_ROLE)
    _check_may_give(by, roles)


def check_roles_change(by: Principal, account: Account, tenant: str, roles: frozenset[Role]) -> None:
    """`account` (of `tenant`, else not found) goes from its roles to `roles`."""
    _check_member(account, tenant)
    _check_may_give(by, account.roles ^ roles)
    if account.id == by.subject and Role.COORDINATOR in account.roles - roles:
        raise AccountChangeRefused(Refusal.OWN_COORDINATOR_ROLE)  # nobody would be left to give it back


def check_disabling(by: Principal, account: Account, tenant: str) -> None:
    """A coordinator disables the team's accounts, an operator coordinators' only; nobody their own."""
    _check_member(account, tenant)
    if account.id == by.subject:
        raise AccountChangeRefused(Refusal.OWN_ACCOUNT)
    gives = roles_given_by(by)
    if account.roles - TEAM_ROLES or not gives or (gives == OPERATOR_GIVES and not account.roles & gives):
        raise AccountChangeRefused(Refusal.ROLE_NOT_YOURS_TO_GIVE)


def check_approval(by: Principal, account: Account, roles: frozenset[Role]) -> None:
    """A pending account joins the managed tenant with roles its approver may give."""
    if not account.pending:
        raise AccountChangeRefused(Refusal.NOT_PENDING)
    check_invitation(by, roles)


def _check_member(account: Account, tenant: str) -> None:
    # another tenant's account is answered as no account at all: its existence is not told
    if account.tenant != tenant:
        raise NotFound("account")


def _check_may_give(by: Principal, roles: frozenset[Role]) -> None:
    if roles - roles_given_by(by):
        raise AccountChangeRefused(Refusal.ROLE_NOT_YOURS_TO_GIVE)
