"""Who may change which account: a coordinator their own tenant's team, the operator coordinators."""

from __future__ import annotations

import pytest

from passerelle.auth import Principal, Role
from passerelle.errors import NotFound
from referral.domain.accounts import (
    Account,
    AccountChangeRefused,
    Refusal,
    check_approval,
    check_disabling,
    check_invitation,
    check_roles_change,
    managed_tenant,
)

COORDINATOR = Principal(subject="coord-a", tenant="a", roles=frozenset({Role.COORDINATOR}))
OPERATOR = Principal(subject="op", tenant=None, roles=frozenset({Role.OPERATOR}))
MEDIATOR = Principal(subject="med-a", tenant="a", roles=frozenset({Role.MEDIATOR}))


def an_account(*roles: Role, tenant: str | None = "a", id: str = "u1") -> Account:
    return Account(id=id, username="u", name="U", enabled=True, roles=frozenset(roles), tenant=tenant)


def refused(reason: Refusal, check, *args) -> None:
    with pytest.raises(AccountChangeRefused) as raised:
        check(*args)
    assert raised.value.reason is reason


def test_a_coordinator_manages_their_own_tenant_whatever_they_ask():
    assert managed_tenant(COORDINATOR, "b") == "a"
    assert managed_tenant(COORDINATOR, None) == "a"


def test_the_operator_chooses_the_tenant_and_others_manage_none():
    assert managed_tenant(OPERATOR, "b") == "b"
    refused(Refusal.TENANT_REQUIRED, managed_tenant, OPERATOR, None)
    refused(Refusal.NOT_A_MANAGER, managed_tenant, MEDIATOR, "a")


@pytest.mark.parametrize("roles", [{Role.REFERRER}, {Role.MEDIATOR}, {Role.COORDINATOR, Role.MEDIATOR}])
def test_a_coordinator_invites_with_the_teams_roles(roles):
    check_invitation(COORDINATOR, frozenset(roles))


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SUBSCRIBER])
def test_nobody_gives_the_operators_or_a_subscribers_role(role):
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_invitation, COORDINATOR, frozenset({role}))
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_invitation, OPERATOR, frozenset({role}))
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_roles_change, COORDINATOR, an_account(), "a", frozenset({role}))


def test_an_invitation_gives_at_least_one_role():
    refused(Refusal.NO_ROLE, check_invitation, COORDINATOR, frozenset())


def test_the_operator_gives_and_removes_the_coordinators_role_only():
    check_invitation(OPERATOR, frozenset({Role.COORDINATOR}))
    check_roles_change(OPERATOR, an_account(Role.MEDIATOR), "a", frozenset({Role.MEDIATOR, Role.COORDINATOR}))
    check_roles_change(OPERATOR, an_account(Role.COORDINATOR), "a", frozenset())
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_invitation, OPERATOR, frozenset({Role.MEDIATOR}))
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_roles_change, OPERATOR, an_account(Role.MEDIATOR), "a", frozenset())


def test_another_tenants_account_is_not_found():
    with pytest.raises(NotFound):
        check_roles_change(COORDINATOR, an_account(tenant="b"), "a", frozenset({Role.MEDIATOR}))
    with pytest.raises(NotFound):
        check_disabling(COORDINATOR, an_account(Role.MEDIATOR, tenant="b"), "a")
    with pytest.raises(NotFound):
        check_roles_change(COORDINATOR, an_account(tenant=None), "a", frozenset({Role.MEDIATOR}))


def test_a_coordinator_keeps_their_own_coordinator_role():
    me = an_account(Role.COORDINATOR, Role.MEDIATOR, id=COORDINATOR.subject)
    refused(Refusal.OWN_COORDINATOR_ROLE, check_roles_change, COORDINATOR, me, "a", frozenset({Role.MEDIATOR}))
    check_roles_change(COORDINATOR, me, "a", frozenset({Role.COORDINATOR}))


def test_a_coordinator_removes_another_coordinators_role():
    check_roles_change(COORDINATOR, an_account(Role.COORDINATOR), "a", frozenset({Role.MEDIATOR}))


def test_disabling():
    check_disabling(COORDINATOR, an_account(Role.MEDIATOR), "a")
    check_disabling(OPERATOR, an_account(Role.COORDINATOR, Role.MEDIATOR), "a")
    refused(Refusal.OWN_ACCOUNT, check_disabling, COORDINATOR, an_account(Role.COORDINATOR, id="coord-a"), "a")
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_disabling, OPERATOR, an_account(Role.MEDIATOR), "a")
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_disabling, COORDINATOR, an_account(Role.SUBSCRIBER), "a")
    refused(Refusal.ROLE_NOT_YOURS_TO_GIVE, check_disabling, MEDIATOR, an_account(Role.REFERRER), "a")


def test_a_pending_account_is_approved_into_the_tenant_with_roles():
    check_approval(COORDINATOR, an_account(tenant=None), frozenset({Role.REFERRER}))
    check_approval(OPERATOR, an_account(tenant=None), frozenset({Role.COORDINATOR}))
    refused(Refusal.NO_ROLE, check_approval, COORDINATOR, an_account(tenant=None), frozenset())
    refused(
        Refusal.ROLE_NOT_YOURS_TO_GIVE, check_approval, OPERATOR, an_account(tenant=None), frozenset({Role.MEDIATOR})
    )


def test_only_a_pending_account_is_approved():
    refused(Refusal.NOT_PENDING, check_approval, COORDINATOR, an_account(tenant="b"), frozenset({Role.MEDIATOR}))
    refused(
        Refusal.NOT_PENDING,
        check_approval,
        COORDINATOR,
        an_account(Role.MEDIATOR, tenant=None),
        frozenset({Role.MEDIATOR}),
    )
