"""Signing in to the pages through the real identity provider (Keycloak): authorization code with
PKCE, state and nonce; server-side sessions; refresh; sign-out everywhere; pending accounts."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest

from passerelle import clock
from passerelle.auth import Role
from passerelle.web.current_session import session_cookie
from tests.signing_in import login_form_action, loopback_is_secure, sign_in
from tests.support import TenantClient, referral_body, run_async

HTML = {"Accept": "text/html"}
LANDINGS = {
    Role.MEDIATOR: ("/referral/orientations", "Orientations"),
    Role.COORDINATOR: ("/reporting/indicateurs", "Indicateurs"),
    Role.REFERRER: ("/referral/mes-orientations", "Mes orientations"),
}


def person(platform) -> httpx.Client:
    client = httpx.Client(base_url=platform.origin, headers=HTML, timeout=30)
    loopback_is_secure(client)
    return client


def sessions_of(platform, service: str) -> list[asyncpg.Record]:
    async def rows():
        conn = await asyncpg.connect(platform.postgres.url(service).replace("+asyncpg", ""))
        try:
            return await conn.fetch("SELECT * FROM web_sessions ORDER BY created_at")
        finally:
            await conn.close()

    return run_async(rows())


def execute(platform, service: str, statement: str, *args) -> None:
    async def run():
        conn = await asyncpg.connect(platform.postgres.url(service).replace("+asyncpg", ""))
        try:
            await conn.execute(statement, *args)
        finally:
            await conn.close()

    run_async(run())


@pytest.mark.parametrize("role", list(LANDINGS))
def test_each_role_signs_in_on_the_providers_page_and_lands_where_its_work_is(platform, tenant_a, role):
    username, password = tenant_a.user(role)
    client = person(platform)
    landed = sign_in(client, username, password)
    path, title = LANDINGS[role]
    assert urlsplit(str(landed.url)).path == path and landed.status_code == 200
    assert f"<h1>{title}" in landed.text or title in landed.text
    # who is signed in, in the header: their name as the provider gives it (devstack's users: "Mediator <tenant>")
    assert f"{username.split('-')[0].capitalize()} {tenant_a.tenant}" in landed.text and username not in landed.text


def test_the_operator_lands_on_the_departement_view(platform):
    username, password = TenantClient(platform, None).user(Role.OPERATOR)
    landed = sign_in(person(platform), username, password)
    assert urlsplit(str(landed.url)).path == "/reporting/departement" and landed.status_code == 200


def test_the_flow_uses_pkce_state_and_nonce_and_the_cookie_holds_no_token(platform, tenant_a):
    client = person(platform)
    start = client.get("/referral/connexion?next=/referral/orientations")
    assert start.status_code == 302
    asked = parse_qs(urlsplit(start.headers["location"]).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["state"][0] and asked["nonce"][0] and asked["client_id"] == ["passerelle-referral"]
    username, password = tenant_a.user(Role.MEDIATOR)
    sign_in(client, username, password, services=["referral"])
    cookie = client.cookies[session_cookie("referral")]
    assert cookie.count(".") < 2  # an opaque id, not a JWT
    stored = sessions_of(platform, "referral")
    assert all(cookie not in (row["id_hash"], row["access_token"]) for row in stored)
    assert any(row["access_token"].count(".") == 2 for row in stored)  # the token stays on the server


def test_a_callback_with_a_forged_state_opens_no_session(platform, tenant_a):
    client = person(platform)
    client.get("/referral/connexion")  # the flow's state is in the sign-in cookie
    forged = client.get("/referral/auth/callback", params={"code": "stolen", "state": "forged"})
    assert forged.status_code == 400 and "La connexion n'a pas abouti" in forged.text
    assert session_cookie("referral") not in client.cookies


def test_the_provider_refuses_a_flow_without_pkce(platform):
    provider = platform.keycloak.issuer + "/protocol/openid-connect/auth"
    answer = httpx.get(
        provider,
        params={
            "client_id": "passerelle-referral",
            "response_type": "code",
            "scope": "openid",
            "redirect_uri": f"{platform.origin}/referral/auth/callback",
            "state": "s",
        },
    )
    assert "code_challenge" in answer.headers.get("location", "") + answer.text


def test_after_signing_in_the_person_comes_back_to_the_page_they_asked_for(platform, tenant_a):
    client = person(platform)
    asked = client.get("/cases/accompagnements?statut=open")
    assert asked.status_code == 303 and asked.headers["location"].startswith("/cases/connexion?next=")
    answer = client.get(asked.headers["location"], follow_redirects=True)
    action = login_form_action(answer.text)
    assert action, "the provider's login page"
    username, password = tenant_a.user(Role.MEDIATOR)
    back = client.post(action, data={"username": username, "password": password}, follow_redirects=True)
    assert str(back.url).endswith("/cases/accompagnements?statut=open") and back.status_code == 200


def test_no_open_redirect_after_signing_in(platform, tenant_a):
    client = person(platform)
    username, password = tenant_a.user(Role.MEDIATOR)
    sign_in(client, username, password, services=["referral"])
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = client.get("/referral/connexion", params={"next": target})
        assert answer.headers["location"] == "/referral/orientations", target


def test_signing_out_ends_every_services_session_and_the_providers(platform, tenant_a):
    client = person(platform)
    username, password = tenant_a.user(Role.MEDIATOR)
    sign_in(client, username, password)
    assert client.get("/cases/accompagnements").status_code == 200
    out = client.post("/referral/deconnexion", headers={"Origin": platform.origin}, follow_redirects=True)
    assert urlsplit(str(out.url)).path == "/referral/deconnecte" and "déconnecté" in out.text
    for page in ("/referral/orientations", "/cases/accompagnements", "/outreach/aller-vers"):
        answer = client.get(page)
        assert answer.status_code == 303 and "/connexion" in answer.headers["location"], page
    again = client.get("/referral/connexion", follow_redirects=True)
    assert login_form_action(again.text), "the provider's session is over too: it asks again"


def test_a_session_is_refreshed_before_its_token_expires(platform, tenant_a):
    client = person(platform)
    username, password = tenant_a.user(Role.MEDIATOR)
    sign_in(client, username, password, services=["cases"])
    before = {row["id_hash"]: row["access_token"] for row in sessions_of(platform, "cases")}
    execute(platform, "cases", "UPDATE web_sessions SET access_expires_at = $1", clock.now() + timedelta(seconds=5))
    assert client.get("/cases/accompagnements").status_code == 200
    after = {row["id_hash"]: row["access_token"] for row in sessions_of(platform, "cases")}
    assert any(after[key] != token for key, token in before.items() if key in after)


def test_a_session_the_provider_ended_is_over_at_the_next_refresh(platform, tenant_a):
    client = person(platform)
    username, password = tenant_a.user(Role.MEDIATOR)
    sign_in(client, username, password, services=["outreach"])
    platform.keycloak_admin.sign_out_everywhere(username)
    execute(platform, "outreach", "UPDATE web_sessions SET access_expires_at = $1", clock.now())
    answer = client.get("/outreach/aller-vers")
    assert answer.status_code == 303 and "/outreach/connexion" in answer.headers["location"]


def test_a_pending_account_sees_no_data_until_approved(platform, tenant_a):
    username, password = f"nouveau-{uuid.uuid4().hex[:8]}", "mot-de-passe-de-test"
    platform.keycloak_admin.create_user(username, tenant=None, roles=[], password=password)
    client = person(platform)
    start = client.get("/referral/connexion", follow_redirects=True)
    landed = client.post(
        login_form_action(start.text), data={"username": username, "password": password}, follow_redirects=True
    )
    assert landed.status_code == 200 and "Votre compte est en attente" in landed.text and username in landed.text
    assert session_cookie("referral") not in client.cookies  # no session, hence no data
    tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    inbox = client.get("/referral/orientations", follow_redirects=True)
    assert "Votre compte est en attente" in inbox.text and "Durand" not in inbox.text
    token = platform.keycloak_admin.user_tokens(username, password)["access_token"]
    answer = httpx.get(f"{platform.url('referral')}/referrals", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401


def test_the_session_cookie_is_httponly_and_secure_by_configuration_only(platform, tenant_a):
    client = person(platform)
    username, password = tenant_a.user(Role.MEDIATOR)
    client.headers["X-Forwarded-Proto"] = "https"
    start = client.get("/referral/connexion", follow_redirects=True)
    answer = client.post(
        login_form_action(start.text), data={"username": username, "password": password}, follow_redirects=False
    )
    while session_cookie("referral") not in answer.headers.get("set-cookie", ""):
        answer = client.get(answer.headers["location"])
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "secure" not in cookie.lower()  # PASSERELLE_SERVED_OVER_HTTPS=false here, whatever the header says


def test_the_pending_page_is_for_pending_accounts_only(platform, tenant_a):
    anonymous = person(platform).get("/referral/en-attente")
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/referral/connexion"
    client = person(platform)
    sign_in(client, *tenant_a.user(Role.MEDIATOR), services=["referral"])
    mediator = client.get("/referral/en-attente")
    assert mediator.status_code == 303 and mediator.headers["location"] == "/referral/orientations"
