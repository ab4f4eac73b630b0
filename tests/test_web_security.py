"""What a browser is told and what it may not do: security headers from the services themselves,
forms posted from another site refused, the session cookie's Secure flag from configuration."""

from __future__ import annotations

import httpx
import pytest

from devstack.platform import SERVICES
from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import page_client, referral_body

EVIL = {"Origin": "http://evil.example"}


def assert_security_headers(answer: httpx.Response) -> None:
    csp = answer.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert "camera=()" in answer.headers["permissions-policy"]
    assert "strict-transport-security" not in answer.headers  # local runs are plain http


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_sends_the_security_headers_on_its_own_port_and_through_the_proxy(platform, service):
    assert_security_headers(httpx.get(f"{platform.url(service)}/healthz"))
    assert_security_headers(httpx.get(f"{platform.origin}/{service}/asyncapi.json"))
    one = httpx.get(f"{platform.origin}/{service}/openapi.json")
    assert one.headers.get_list("x-content-type-options") == ["nosniff"]  # once: the proxy adds none


def test_the_signed_out_page_has_no_inline_script(platform):
    page = httpx.get(f"{platform.origin}/referral/deconnecte")
    assert_security_headers(page)
    assert "<script>" not in page.text and "onsubmit=" not in page.text and "style=" not in page.text


def test_page_forms_posted_from_another_site_record_nothing(platform, tenant_a):
    tenant_a.register()
    case = open_case(tenant_a)
    pending = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).json()
    pages = page_client(platform, tenant_a)
    refused = {
        f"/referral/orientations/{pending['id']}/accepter": {},
        f"/cases/accompagnements/{case['id']}/activites": {
            "kind": "note",
            "occurred_on": "2026-02-03",
            "comment": "forgé",
        },
        f"/cases/accompagnements/{case['id']}/cloturer": {"outcome": "improved"},
        "/outreach/partenaires": {"name": "Partenaire forgé", "type": "social"},
        "/outreach/aller-vers/nouvelle": {"kind": "street_outreach", "occurred_on": "2026-02-03"},
        "/reporting/indicateurs": {},
        "/referral/deconnexion": {},
    }
    for path, form in refused.items():
        answer = pages.post(path, data=form, headers=EVIL)
        assert answer.status_code == 403 and "Formulaire refusé" in answer.text, path
    assert tenant_a.http("referral", Role.MEDIATOR).get(f"/referrals/{pending['id']}").json()["status"] == "submitted"
    after = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()
    assert after["timeline"] == case["timeline"] and after["status"] == "open"
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    assert "Partenaire forgé" not in outreach.get("/partners").text
    assert outreach.get("/actions").json()["items"] == []
    accepted = pages.post(f"/referral/orientations/{pending['id']}/accepter", headers={"Origin": platform.origin})
    assert accepted.status_code == 303  # the same form from Passerelle's own pages goes through
