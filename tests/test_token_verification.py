"""The APIs trust the identity provider's tokens and nothing that merely looks like one: keys from its
JWKS (a rotation needs no restart), its issuer, the audience, the expiry, RS256 only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from devstack.demo import TOKEN_PROBES
from passerelle.auth import Role
from tests.support import eventually

BACKCHANNEL = "/auth/backchannel-logout"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict, dict, str]:
    header, payload, signature = token.split(".")
    pad = lambda text: text + "=" * (-len(text) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
        signature,
    )


def forged(header: dict, payload: dict, signature: str) -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}.{signature}"


def statuses(platform, token: str) -> dict[str, int]:
    return {
        service: httpx.get(f"{platform.url(service)}{path}", headers={"Authorization": f"Bearer {token}"}).status_code
        for service, path in TOKEN_PROBES.items()
    }


def all_(status: int) -> dict[str, int]:
    return dict.fromkeys(TOKEN_PROBES, status)


def opens_every_service(platform, token: str) -> bool:
    """Past authentication everywhere (reporting's probe then wants its period: 422)."""
    return all(status not in (401, 403, 503) for status in statuses(platform, token).values())


@pytest.fixture
def coordinator_token(platform, tenant_a) -> str:
    """A coordinator reads every service's probe."""
    return platform.keycloak_admin.user_tokens(*tenant_a.user(Role.COORDINATOR))["access_token"]


def test_the_providers_tokens_open_every_service(platform, coordinator_token):
    assert opens_every_service(platform, coordinator_token)


def test_a_token_of_another_realm_is_refused(platform, tenant_a):
    other = platform.keycloak_admin.create_realm(f"autre-{uuid.uuid4().hex[:6]}")
    # the same person, tenant and role, in another realm: the same claims from another issuer
    username, password = tenant_a.user(Role.COORDINATOR)
    other.create_user(username, tenant=tenant_a.tenant, roles=[Role.COORDINATOR], password=password)
    token = other.user_tokens(username, password)["access_token"]
    assert statuses(platform, token) == all_(401)


def test_an_expired_token_is_refused(platform, tenant_a):
    assert statuses(platform, tenant_a.token(Role.MEDIATOR, ttl_seconds=-60)) == all_(401)


def test_a_token_with_alg_none_is_refused(platform, coordinator_token):
    header, payload, _ = parts(coordinator_token)
    assert statuses(platform, forged({**header, "alg": "none"}, payload, "")) == all_(401)


def test_a_token_signed_with_the_public_key_as_an_hmac_secret_is_refused(platform, coordinator_token):
    header, payload, _ = parts(coordinator_token)
    published = httpx.get(platform.keycloak.issuer + "/protocol/openid-connect/certs").json()["keys"]
    jwk = next(k for k in published if k["kid"] == header["kid"])
    public_pem = jwt.PyJWK(jwk).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs_header = {**header, "alg": "HS256"}
    signing_input = f"{b64(json.dumps(hs_header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = b64(hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest())
    assert statuses(platform, f"{signing_input}.{signature}") == all_(401)


def test_a_token_whose_tenant_was_changed_is_refused(platform, coordinator_token, tenant_b):
    header, payload, signature = parts(coordinator_token)
    tampered = forged(header, {**payload, "tenant": tenant_b.tenant}, signature)
    assert statuses(platform, tampered) == all_(401)


def test_a_tenant_role_without_a_tenant_is_refused_never_a_500(platform):
    admin = platform.keycloak_admin
    username = f"sans-structure-{uuid.uuid4().hex[:6]}"
    admin.create_user(username, tenant=None, roles=[Role.MEDIATOR], password="mot-de-passe-de-test")
    token = admin.user_tokens(username, "mot-de-passe-de-test")["access_token"]
    assert statuses(platform, token) == all_(401)


def test_a_rotated_signing_key_is_accepted_without_restarting_the_services(platform, tenant_a, coordinator_token):
    assert opens_every_service(platform, coordinator_token)  # the former key is known to every service
    old_kid = parts(coordinator_token)[0]["kid"]
    platform.keycloak_admin.rotate_signing_key()
    fresh = platform.keycloak_admin.user_tokens(*tenant_a.user(Role.COORDINATOR))["access_token"]
    assert parts(fresh)[0]["kid"] != old_kid
    # a service that fetched the keys less than a second ago waits that second before fetching again
    eventually(lambda: opens_every_service(platform, fresh), timeout=10, what="the new key accepted")


def test_a_forged_back_channel_logout_is_refused(platform, tenant_a):
    logout = jwt.encode(
        {"iss": platform.keycloak.issuer, "aud": "passerelle-cases", "sid": "x", "events": {}},
        "secret",
        algorithm="HS256",
    )
    answer = httpx.post(f"{platform.url('cases')}{BACKCHANNEL}", data={"logout_token": logout})
    assert answer.status_code == 400
