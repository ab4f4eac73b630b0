"""The identity provider the platform starts: a real Keycloak, its realm imported from
deploy/keycloak/, the claims the services read, signing keys that rotate."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid

import httpx
import jwt
import pytest

from devstack.demo_identities import create_demo_subscribers, create_demo_users
from devstack.keycloak import SERVICES
from passerelle.auth import Role
from tests.support import new_tenant

PASSERELLE_ROLES = {str(role) for role in Role}


def verified_claims(platform, token: str) -> dict:
    """The token's claims, checked against the realm's published keys, issuer and audience."""
    keys = jwt.PyJWKClient(f"{platform.keycloak.issuer}/protocol/openid-connect/certs", cache_keys=False)
    key = keys.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience="passerelle", issuer=platform.keycloak.issuer)


def kid(token: str) -> str:
    return jwt.get_unverified_header(token)["kid"]


def test_keycloak_answers_the_realms_discovery_document(platform):
    answer = httpx.get(f"{platform.keycloak.issuer}/.well-known/openid-configuration")

    assert answer.status_code == 200
    discovery = answer.json()
    assert discovery["issuer"] == platform.keycloak.issuer == f"{platform.keycloak.url}/realms/passerelle"
    assert "S256" in discovery["code_challenge_methods_supported"]
    assert discovery["end_session_endpoint"] and discovery["backchannel_logout_session_supported"]


def test_a_users_token_names_their_tenant_and_their_one_role(platform):
    tenant = new_tenant(platform, registered=False)

    tokens = platform.keycloak_admin.user_tokens(*tenant.user(Role.MEDIATOR))

    for token in (tokens["access_token"], tokens["id_token"]):
        claims = verified_claims(platform, token)
        assert claims["iss"] == platform.keycloak.issuer
        assert "passerelle" in ([claims["aud"]] if isinstance(claims["aud"], str) else claims["aud"])
        assert claims["tenant"] == tenant.tenant
        assert claims["roles"] == ["mediator"]  # the realm's other roles (default role...) stay out
        assert claims["sid"] and claims["sub"]


def test_the_operator_has_a_role_and_no_tenant(platform):
    departement = new_tenant(platform, registered=False)

    claims = verified_claims(
        platform, platform.keycloak_admin.user_tokens(*departement.user(Role.OPERATOR))["access_token"]
    )

    assert "tenant" not in claims
    assert claims["roles"] == ["operator"]


def test_a_new_user_without_group_nor_role_is_pending_with_no_tenant_and_no_role(platform):
    username, password = f"pending-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(12)
    platform.keycloak_admin.create_user(username, tenant=None, roles=[], password=password)

    token = platform.keycloak_admin.user_tokens(username, password)["access_token"]

    with pytest.raises(jwt.MissingRequiredClaimError):  # the scope `passerelle` is for users with a role
        verified_claims(platform, token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert "tenant" not in claims and "aud" not in claims
    assert not set(claims.get("roles", [])) & PASSERELLE_ROLES


def test_a_subscriber_machine_client_gets_its_tenant_and_the_role_subscriber(platform):
    tenant = new_tenant(platform, registered=False)
    client_id = f"subscriber-{tenant.tenant}"
    secret = platform.keycloak_admin.create_subscriber_client(client_id, tenant=tenant.tenant)

    claims = verified_claims(platform, platform.keycloak_admin.client_tokens(client_id, secret)["access_token"])

    assert claims["tenant"] == tenant.tenant
    assert claims["roles"] == ["subscriber"]
    assert platform.keycloak_admin.create_subscriber_client(client_id, tenant=tenant.tenant) == secret


def test_a_rotated_signing_key_signs_new_tokens_and_both_keys_are_published(platform):
    tenant = new_tenant(platform, registered=False)
    user = tenant.user(Role.COORDINATOR)
    before = platform.keycloak_admin.user_tokens(*user)["access_token"]

    new_kid = platform.keycloak_admin.rotate_signing_key()
    after = platform.keycloak_admin.user_tokens(*user)["access_token"]

    assert kid(after) == new_kid != kid(before)
    jwks = httpx.get(f"{platform.keycloak.issuer}/protocol/openid-connect/certs").json()
    assert {kid(before), new_kid} <= {key["kid"] for key in jwks["keys"]}
    assert verified_claims(platform, before)["tenant"] == verified_claims(platform, after)["tenant"] == tenant.tenant


def test_another_realm_issues_look_alike_tokens_from_another_issuer_and_keys(platform):
    other = platform.keycloak_admin.create_realm(f"autre-{uuid.uuid4().hex[:8]}")
    tenant = new_tenant(platform, registered=False)
    username, password = f"mediator-{uuid.uuid4().hex[:8]}", secrets.token_urlsafe(12)
    other.create_user(username, tenant=tenant.tenant, roles=[Role.MEDIATOR], password=password)

    token = other.user_tokens(username, password)["access_token"]

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["tenant"] == tenant.tenant and claims["roles"] == ["mediator"]
    assert claims["iss"] == f"{platform.keycloak.url}/realms/{other.realm}" != platform.keycloak.issuer
    with pytest.raises(jwt.PyJWKClientError):
        verified_claims(platform, token)  # no key of our realm has its kid


@pytest.mark.parametrize("service", SERVICES)
def test_the_realm_and_its_page_clients_come_from_the_file(platform, service):
    admin = platform.keycloak_admin
    [client] = admin.http.get("/clients", params={"clientId": f"passerelle-{service}"}).raise_for_status().json()
    origin = platform.public_origin

    assert client["publicClient"] is False and client["standardFlowEnabled"] is True
    assert client["directAccessGrantsEnabled"] is False and client["implicitFlowEnabled"] is False
    assert client["redirectUris"] == [f"{origin}/{service}/auth/callback"]
    assert client["attributes"]["pkce.code.challenge.method"] == "S256"
    assert client["attributes"]["post.logout.redirect.uris"] == f"{origin}/*"
    assert client["attributes"]["backchannel.logout.url"] == f"{origin}/{service}/auth/backchannel-logout"
    assert client["attributes"]["backchannel.logout.session.required"] == "true"
    secret = admin.http.get(f"/clients/{client['id']}/client-secret").raise_for_status().json()["value"]
    assert secret == platform.keycloak.client_secret(service) == platform.env(service)["PASSERELLE_OIDC_CLIENT_SECRET"]
    realm = admin.http.get("").raise_for_status().json()
    assert (realm["defaultLocale"], realm["bruteForceProtected"], realm["registrationAllowed"]) == ("fr", True, False)
    assert (realm["accessTokenLifespan"], realm["ssoSessionIdleTimeout"], realm["ssoSessionMaxLifespan"]) == (
        300,
        2 * 3600,
        10 * 3600,
    )


def test_the_login_page_is_french_and_requires_pkce(platform):
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {
        "client_id": "passerelle-referral",
        "response_type": "code",
        "scope": "openid",
        "redirect_uri": f"{platform.public_origin}/referral/auth/callback",
        "state": secrets.token_urlsafe(16),
        "nonce": secrets.token_urlsafe(16),
    }
    authorize = f"{platform.keycloak.issuer}/protocol/openid-connect/auth"

    login = httpx.get(authorize, params={**query, "code_challenge": challenge, "code_challenge_method": "S256"})
    without_pkce = httpx.get(authorize, params=query)

    assert login.status_code == 200
    assert 'lang="fr"' in login.text and "Se connecter" in login.text
    assert without_pkce.status_code == 302
    refused = httpx.URL(without_pkce.headers["location"]).params
    assert refused["error"] == "invalid_request" and "code_challenge" in refused["error_description"]


def test_bin_runs_demo_users_and_subscribers_sign_in_and_keep_their_passwords(platform):
    tenant = new_tenant(platform, registered=False).tenant
    admin = platform.keycloak_admin

    users = create_demo_users(platform, [tenant])
    subscribers = create_demo_subscribers(platform, [tenant])

    assert {(u.username, u.role) for u in users} == {
        (f"referrer-{tenant}", "referrer"),
        (f"mediator-{tenant}", "mediator"),
        (f"coordinator-{tenant}", "coordinator"),
        ("operator", "operator"),
    }
    for user in users:
        claims = verified_claims(platform, admin.user_tokens(user.username, user.password)["access_token"])
        assert (claims.get("tenant"), claims["roles"]) == (user.tenant, [user.role])
    assert create_demo_users(platform, [tenant]) == users  # a second start: same users, same passwords
    secrets_file = dict(line.split("=", 1) for line in subscribers.read_text().split())
    prefix = tenant.upper().replace("-", "_")
    client_id, secret = secrets_file[f"{prefix}_SUBSCRIBER_ID"], secrets_file[f"{prefix}_SUBSCRIBER_SECRET"]
    claims = verified_claims(platform, admin.client_tokens(client_id, secret)["access_token"])
    assert (claims["tenant"], claims["roles"]) == (tenant, ["subscriber"])
