"""The team page (« Équipe ») on the real Keycloak: coordinators manage their tenant's accounts, the
operator the coordinators; what they change shows in the next sign-in's token and in the journal."""

from __future__ import annotations

import html
import re
import uuid

import httpx
import jwt
import pytest

from passerelle.auth import KNOWN_ROLES, Role
from tests.signing_in import login_form_action, loopback_is_secure, sign_in
from tests.support import TenantClient

PASSWORD_UPDATE_FORM = re.compile(r'<form\b[^>]*\bid="kc-passwd-update-form"[^>]*>', re.S)


def browser(platform) -> httpx.Client:
    """The pages as a browser opens them (httpx: the provider's login page needs no script)."""
    client = httpx.Client(base_url=platform.origin, headers={"Accept": "text/html"}, timeout=30)
    loopback_is_secure(client)
    return client


def person(platform, username: str, password: str) -> httpx.Client:
    """A browser signed in to referral's pages."""
    client = browser(platform)
    sign_in(client, username, password, services=("referral",))
    return client


def manager(platform, tenant: TenantClient, role: Role = Role.COORDINATOR) -> httpx.Client:
    return person(platform, *tenant.user(role))


def account_id(platform, username: str) -> str:
    found = platform.keycloak_admin.find_user(username)
    assert found, username
    return found


def a_person(platform, tenant: str | None, *roles: Role) -> tuple[str, str, str]:
    """(id, username, password) of a new account of `tenant` with `roles`."""
    username, password = f"p-{uuid.uuid4().hex[:10]}", "Mot-de-passe-1"
    platform.keycloak_admin.create_user(username, tenant=tenant, roles=[str(r) for r in roles], password=password)
    return account_id(platform, username), username, password


def claims_at_next_sign_in(platform, username: str, password: str) -> dict:
    token = platform.keycloak_admin.user_tokens(username, password)["access_token"]
    return jwt.decode(token, options={"verify_signature": False})


def roles_at_next_sign_in(platform, username: str, password: str) -> set[str]:
    return set(claims_at_next_sign_in(platform, username, password).get("roles", [])) & KNOWN_ROLES


def journal(page: str) -> list[list[str]]:
    """The journal's lines as shown: when, by, action, account, roles before, roles after."""
    table = re.search(r'<table id="journal">(.*?)</table>', page, re.S)
    assert table, page[:500]
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def first_sign_in(platform, username: str, temporary: str, new_password: str) -> httpx.Response:
    """The invited person's first sign-in: the temporary password, then a password of their own."""
    client = browser(platform)
    answer = client.get("/referral/connexion", follow_redirects=True)
    action = login_form_action(answer.text)
    assert action, answer.text[:300]
    answer = client.post(action, data={"username": username, "password": temporary}, follow_redirects=True)
    update = PASSWORD_UPDATE_FORM.search(answer.text)
    assert update, f"no password change asked: {answer.text[:300]}"
    target = html.unescape(re.search(r'\baction="([^"]+)"', update.group(0)).group(1))
    return client.post(
        target, data={"password-new": new_password, "password-confirm": new_password}, follow_redirects=True
    )


def test_a_coordinator_invites_a_mediator_who_signs_in_and_reaches_the_inbox(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    username = f"mediatrice-{uuid.uuid4().hex[:8]}"
    answer = coordinator.post(
        "/referral/equipe/inviter",
        data={
            "first_name": "Inès",
            "last_name": "Médiatrice",
            "username": username,
            "email": f"{username}@example.org",
            "roles": "mediator",
        },
    )
    assert answer.status_code == 200, answer.text[:500]
    temporary = html.unescape(re.search(r'id="temporary-password">([^<]+)<', answer.text).group(1))

    landed = first_sign_in(platform, username, temporary, "Un-mot-de-passe-a-elle-1")
    assert landed.status_code == 200 and landed.url.path == "/referral/orientations", landed.url
    assert claims_at_next_sign_in(platform, username, "Un-mot-de-passe-a-elle-1")["tenant"] == tenant_a.tenant
    line = journal(coordinator.get("/referral/equipe").text)[0]
    assert line[1:] == [tenant_a.user(Role.COORDINATOR)[0], "Invitation", username, "—", "médiateur·rice"]


def test_a_coordinator_gives_and_removes_roles_seen_at_the_next_sign_in(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    member, username, password = a_person(platform, tenant_a.tenant, Role.MEDIATOR)

    given = coordinator.post(f"/referral/equipe/comptes/{member}/roles", data={"roles": ["mediator", "referrer"]})
    assert given.status_code == 303 and given.headers["location"].endswith("/equipe?fait=roles")
    assert roles_at_next_sign_in(platform, username, password) == {"mediator", "referrer"}

    assert coordinator.post(f"/referral/equipe/comptes/{member}/roles", data={"roles": "referrer"}).status_code == 303
    assert roles_at_next_sign_in(platform, username, password) == {"referrer"}
    lines = journal(coordinator.get("/referral/equipe").text)
    assert [line[2:] for line in lines[:2]] == [
        ["Rôles modifiés", username, "médiateur·rice, professionnel orienteur", "professionnel orienteur"],
        ["Rôles modifiés", username, "médiateur·rice", "médiateur·rice, professionnel orienteur"],
    ]


def test_a_disabled_account_can_no_longer_sign_in_and_its_sessions_end(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    member, username, password = a_person(platform, tenant_a.tenant, Role.MEDIATOR)
    signed_in = person(platform, username, password)
    assert signed_in.get("/referral/orientations").status_code == 200

    answer = coordinator.post(f"/referral/equipe/comptes/{member}/desactiver")
    assert answer.status_code == 303 and answer.headers["location"].endswith("fait=desactive")
    with pytest.raises(httpx.HTTPStatusError):
        platform.keycloak_admin.user_tokens(username, password)
    ended = signed_in.get("/referral/orientations")  # Keycloak's back-channel logout ended the page session
    assert ended.status_code == 303 and "/connexion" in ended.headers["location"]
    page = coordinator.get("/referral/equipe").text
    assert journal(page)[0][2:4] == ["Compte désactivé", username]


def test_a_coordinator_cannot_reach_an_account_of_another_tenant(platform, tenant_a, tenant_b):
    coordinator = manager(platform, tenant_a)
    other, username, password = a_person(platform, tenant_b.tenant, Role.MEDIATOR)

    assert coordinator.post(f"/referral/equipe/comptes/{other}/roles", data={"roles": "coordinator"}).status_code == 404
    assert coordinator.post(f"/referral/equipe/comptes/{other}/desactiver").status_code == 404
    assert (
        coordinator.post(f"/referral/equipe/comptes/{other}/approuver", data={"roles": "mediator"}).status_code == 403
    )
    assert roles_at_next_sign_in(platform, username, password) == {"mediator"}
    assert username not in coordinator.get("/referral/equipe", params={"structure": tenant_b.tenant}).text


def test_a_coordinator_cannot_make_anyone_an_operator(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    member, username, password = a_person(platform, tenant_a.tenant, Role.MEDIATOR)

    answer = coordinator.post(f"/referral/equipe/comptes/{member}/roles", data={"roles": ["mediator", "operator"]})
    assert answer.status_code == 403
    assert "Ce rôle ne se donne pas depuis cette page" in answer.text
    invited = coordinator.post(
        "/referral/equipe/inviter",
        data={
            "first_name": "A",
            "last_name": "B",
            "username": f"op-{uuid.uuid4().hex[:6]}",
            "email": "a@b.fr",
            "roles": "operator",
        },
    )
    assert invited.status_code == 403 and 'id="invite-roles-error"' in invited.text
    assert roles_at_next_sign_in(platform, username, password) == {"mediator"}
    assert journal(coordinator.get("/referral/equipe").text) == [["Aucun changement enregistré."]]


def test_a_coordinator_keeps_their_own_coordinator_role(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    me = account_id(platform, tenant_a.user(Role.COORDINATOR)[0])
    answer = coordinator.post(f"/referral/equipe/comptes/{me}/roles", data={"roles": "mediator"})
    assert answer.status_code == 403 and "votre propre rôle de coordinateur·rice" in answer.text


def test_the_operator_makes_a_coordinator_in_any_tenant(platform, tenant_a):
    operator = person(platform, *TenantClient(platform, None).user(Role.OPERATOR))
    member, username, password = a_person(platform, tenant_a.tenant, Role.MEDIATOR)

    answer = operator.post(
        f"/referral/equipe/comptes/{member}/roles", data={"structure": tenant_a.tenant, "roles": "coordinator"}
    )
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"/equipe?structure={tenant_a.tenant}&fait=roles")
    assert roles_at_next_sign_in(platform, username, password) == {"mediator", "coordinator"}
    refused = operator.post(
        f"/referral/equipe/comptes/{member}/roles",
        data={"structure": tenant_a.tenant, "roles": ["coordinator", "referrer"]},
    )
    assert refused.status_code == 403
    page = operator.get("/referral/equipe", params={"structure": tenant_a.tenant}).text
    assert journal(page)[0][2:] == ["Rôles modifiés", username, "médiateur·rice", "coordinateur·rice, médiateur·rice"]


def test_a_pending_account_is_approved_into_the_tenant(platform, tenant_a):
    coordinator = manager(platform, tenant_a)
    pending, username, password = a_person(platform, None)
    assert f'id="pending-{username}"' in coordinator.get("/referral/equipe").text

    answer = coordinator.post(f"/referral/equipe/comptes/{pending}/approuver", data={"roles": "referrer"})
    assert answer.status_code == 303 and answer.headers["location"].endswith("fait=approuve")
    claims = claims_at_next_sign_in(platform, username, password)
    assert claims["tenant"] == tenant_a.tenant and set(claims["roles"]) & KNOWN_ROLES == {"referrer"}
    page = coordinator.get("/referral/equipe").text
    assert f'id="pending-{username}"' not in page and f'id="account-{username}"' in page
    assert journal(page)[0][2:] == ["Compte approuvé", username, "—", "professionnel orienteur"]
    again = coordinator.post(f"/referral/equipe/comptes/{pending}/approuver", data={"roles": "mediator"})
    assert again.status_code == 403 and "plus en attente" in again.text


def test_the_team_page_is_for_coordinators_and_the_operator(platform, tenant_a):
    mediator = manager(platform, tenant_a, Role.MEDIATOR)
    assert mediator.get("/referral/equipe").status_code == 403
    coordinator = manager(platform, tenant_a)
    assert 'href="/referral/equipe"' in coordinator.get("/referral/equipe").text
