"""What a browser is told and what it may not do: security headers from the services themselves,
forms posted from another site refused, the session cookie's Secure flag from configuration."""

from __future__ import annotations

import httpx
import pytest

from devstack.platform import SERVICES
from passerelle.auth import Role
from passerelle.web.pages import SESSION_COOKIE
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


def test_the_sign_in_page_has_no_inline_script(platform):
    page = httpx.get(f"{platform.origin}/referral/connexion")
    assert_security_headers(page)
    assert "<script>" not in page.text and "onsubmit=" not in page.text and "style=" not in page.text


def test_a_sign_in_posted_from_another_site_is_refused_in_french(platform, tenant_a):
    tenant_a.register()
    form = {"user": f"{tenant_a.tenant}|mediator", "next": "/referral/orientations"}
    for forged in (EVIL, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
        answer = httpx.post(
            f"{platform.origin}/referral/connexion", data=form, headers={"Accept": "text/html", **forged}
        )
        assert answer.status_code == 403 and "Formulaire refusé" in answer.text, forged
        assert "set-cookie" not in answer.headers
    own = httpx.post(
        f"{platform.origin}/referral/connexion",
        data=form,
        headers={"Origin": platform.origin, "Sec-Fetch-Site": "same-origin"},
    )
    assert own.status_code == 303 and SESSION_COOKIE in own.headers["set-cookie"]


def test_the_session_cookie_is_secure_by_configuration_never_by_a_forwarded_header(platform, tenant_a):
    tenant_a.register()
    answer = httpx.post(
        f"{platform.url('referral')}/connexion",
        data={"user": f"{tenant_a.tenant}|mediator"},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert answer.status_code == 303
    assert "secure" not in answer.headers["set-cookie"].lower()  # PASSERELLE_SERVED_OVER_HTTPS=false here


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
