"""A validly signed token is not enough: its tenant must be a registered tenant's slug, and its
claims of the expected types (401, never a 500)."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest

from devstack.demo import TOKEN_PROBES
from passerelle.auth import DEV_ISSUER, Role
from passerelle.web.current_session import session_cookie
from tests.support import new_tenant

PARTNER = {"name": "Partenaire d'un locataire fantôme", "type": "social", "shared": True}


def signed(platform, **claims) -> str:
    now = int(time.time())
    body = {
        "sub": "someone",
        "roles": ["mediator"],
        "aud": "passerelle",
        "iss": DEV_ISSUER,
        "iat": now,
        "exp": now + 600,
        **claims,
    }
    return jwt.encode(body, (platform.keys_dir / "jwt-private.pem").read_bytes(), algorithm="RS256")


@pytest.mark.parametrize("tenant", ["no-such-tenant", ""])
def test_a_token_naming_no_registered_tenant_reaches_nothing(platform, tenant):
    token = signed(platform, tenant=tenant)
    for service, path in TOKEN_PROBES.items():
        answer = httpx.get(f"{platform.url(service)}{path}", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, service
    created = httpx.post(
        f"{platform.url('outreach')}/partners", json=PARTNER, headers={"Authorization": f"Bearer {token}"}
    )
    assert created.status_code == 401
    page = httpx.get(f"{platform.origin}/outreach/partenaires", cookies={session_cookie("outreach"): token})
    assert page.status_code == 303 and page.headers["location"].startswith("/outreach/connexion")


def test_no_shared_partner_from_an_unregistered_tenant_reaches_the_others(platform, tenant_a):
    ghost = new_tenant(platform, registered=False)
    assert ghost.http("outreach", Role.MEDIATOR).post("/partners", json=PARTNER).status_code == 401
    names = [p["name"] for p in tenant_a.http("outreach", Role.MEDIATOR).get("/partners").json()]
    assert PARTNER["name"] not in names


@pytest.mark.parametrize(
    "claims",
    [
        {"tenant": ["a", "b"]},
        {"tenant": 5},
        {"roles": 5},
        {"roles": "mediator"},
        {"sub": 12, "tenant": "x"},
        {"tenant": {"id": "x"}},
    ],
)
def test_claims_of_the_wrong_type_are_401_never_500(platform, claims):
    token = signed(platform, **claims)
    for service, path in TOKEN_PROBES.items():
        answer = httpx.get(f"{platform.url(service)}{path}", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401, (service, answer.text)
