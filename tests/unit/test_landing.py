"""Every role lands where its work is; an account with no role waits for approval."""

from __future__ import annotations

import pytest

from passerelle.auth import Principal, Role, principal_from
from passerelle.signing_keys import InvalidToken
from passerelle.web.pages import PENDING_PATH, landing
from passerelle.web.sign_in import safe_next


@pytest.mark.parametrize(
    ("roles", "page"),
    [
        ({Role.OPERATOR}, "/reporting/departement"),
        ({Role.COORDINATOR}, "/reporting/indicateurs"),
        ({Role.COORDINATOR, Role.MEDIATOR}, "/reporting/indicateurs"),
        ({Role.MEDIATOR}, "/referral/orientations"),
        ({Role.REFERRER}, "/referral/mes-orientations"),
        (set(), PENDING_PATH),
    ],
)
def test_landing(roles, page):
    assert landing(Principal(subject="x", tenant="t", roles=frozenset(roles))) == page


def test_the_providers_own_roles_are_ignored_and_no_role_is_a_pending_account():
    claims = {"sub": "u", "roles": ["offline_access", "default-roles-passerelle"]}
    assert principal_from(claims).pending


def test_a_tenant_role_without_a_tenant_is_refused():
    with pytest.raises(InvalidToken, match="no tenant"):
        principal_from({"sub": "u", "roles": ["mediator"]})
    assert principal_from({"sub": "u", "roles": ["operator"]}).tenant is None


def test_a_person_is_shown_by_the_name_the_provider_gives_not_their_login():
    base = {"sub": "3f2a", "roles": ["mediator"], "tenant": "cpts", "preferred_username": "amartin"}
    assert principal_from(base | {"name": "Aline Martin"}).display_name == "Aline Martin"
    assert principal_from(base | {"given_name": "Aline", "family_name": "Martin"}).display_name == "Aline Martin"
    assert principal_from(base).display_name == "amartin"
    assert principal_from(base | {"name": "Aline Martin"}).name == "amartin"  # the login stays the login


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example", "", None])
def test_no_open_redirect(target):
    assert safe_next(target) is None


def test_a_page_of_the_platform_is_a_safe_target():
    assert safe_next("/cases/accompagnements?statut=open") == "/cases/accompagnements?statut=open"
