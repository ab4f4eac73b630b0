"""What an operator relies on: probes, metrics by route template, the AsyncAPI document, JSON logs."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from devstack.platform import SERVICES
from passerelle.auth import Role
from tests.support import eventually, referral_body


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_answers_its_probes_and_documents(platform, service):
    base = platform.url(service)
    assert httpx.get(f"{base}/healthz").json() == {"status": "alive"}
    assert httpx.get(f"{base}/readyz").json() == {"status": "ready", "checks": {"database": True, "broker": True}}
    openapi = httpx.get(f"{base}/openapi.json").json()
    assert openapi["info"]["title"] == f"Passerelle — {service}"
    asyncapi = httpx.get(f"{base}/asyncapi.json").json()
    assert asyncapi["asyncapi"].startswith("3.") or asyncapi["asyncapi"].startswith("2.")


def test_metrics_count_requests_by_route_template_never_by_raw_path(platform, tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    unknown = uuid.uuid4()
    assert mediator.get(f"/cases/{unknown}").status_code == 404
    metrics = httpx.get(f"{platform.url('cases')}/metrics").text
    assert 'passerelle_http_requests_total{method="GET",route="/cases/{case_id}",status="404"}' in metrics
    assert str(unknown) not in metrics
    for name in ("passerelle_outbox_backlog", "passerelle_events_published_total", "passerelle_consumer_lag"):
        assert name in metrics or name.removesuffix("_total") in metrics


def test_referral_service_publishes_its_events_in_asyncapi(platform):
    document = json.dumps(httpx.get(f"{platform.url('referral')}/asyncapi.json").json())
    assert "referral.accepted" in document and "passerelle.referrals" in document


def test_logs_are_json_lines_with_the_correlation_id_and_no_personal_data(platform, tenant_a):
    answer = tenant_a.http("referral", Role.REFERRER).post(
        "/referrals", json=referral_body(), headers={"X-Correlation-ID": "ops-log-1"}
    )
    assert answer.status_code == 201
    lines = [json.loads(line) for line in platform.log("referral").read_text().splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line.get("correlation_id") == "ops-log-1"]
    assert request_lines and request_lines[0]["route"] == "/referrals" and request_lines[0]["status"] == 201
    assert "Durand" not in platform.log("referral").read_text()


def test_consumer_lag_is_reported_per_consumer_and_topic(platform):
    def lag_lines():
        metrics = httpx.get(f"{platform.url('reporting')}/metrics").text
        return [line for line in metrics.splitlines() if line.startswith("passerelle_consumer_lag{")]

    topics = ("passerelle.referrals", "passerelle.cases", "passerelle.outreach")  # what reporting reads
    lines = eventually(
        lambda: len(found := lag_lines()) == len(topics) + 1 and found, timeout=30, what="lag of every topic"
    )
    assert any('consumer="reporting-tenants",topic="passerelle.tenants"' in line for line in lines)
    for topic in topics:
        assert any(f'consumer="reporting",topic="{topic}"' in line for line in lines)
