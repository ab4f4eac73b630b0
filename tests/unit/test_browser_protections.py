"""The browser protections every service wraps itself in, on a bare application (no platform)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from passerelle.http.security import CrossOriginForms, SecurityHeaders

ORIGIN = "https://passerelle.example.org"


def app(*, https: bool) -> TestClient:
    async def record(_request):
        return PlainTextResponse("recorded")

    bare = Starlette(routes=[Route("/", record, methods=["GET", "POST"])])
    return TestClient(
        SecurityHeaders(
            CrossOriginForms(bare, public_origin=ORIGIN), https=https, provider_origin="https://auth.example.org"
        )
    )


def test_hsts_only_where_the_platform_is_served_over_https():
    assert "max-age=" in app(https=True).get("/").headers["strict-transport-security"]
    assert "strict-transport-security" not in app(https=False).get("/").headers


def test_a_form_from_another_site_is_refused_and_one_from_the_platform_goes_through():
    client = app(https=True)
    refused = [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": ORIGIN},
    ]
    for headers in refused:
        assert client.post("/", headers=headers).status_code == 403, headers
    allowed = [{"Origin": ORIGIN}, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}]
    for headers in allowed:
        assert client.post("/", headers=headers).text == "recorded", headers
    assert client.get("/", headers={"Origin": "http://evil.example"}).status_code == 200  # reading changes nothing


def test_forms_may_lead_to_the_platform_and_its_identity_provider_only():
    policy = app(https=True).get("/").headers["content-security-policy"]
    assert "form-action 'self' https://auth.example.org;" in policy
