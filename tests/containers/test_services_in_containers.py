"""The walking skeleton against the services' images, and a service container restarted with nothing lost."""

from __future__ import annotations

import subprocess

import httpx

from devstack.container_platform import ProxyContainer
from devstack.images import REPO, SERVICES, image_name
from passerelle.auth import Role
from tests.support import eventually, referral_body
from tests.test_walking_skeleton import (  # noqa: F401  (run here against the containers)
    test_a_consented_referral_becomes_a_case_whose_appointment_reporting_counts,
)

REFERRALS = 12


def test_each_image_is_labelled_runs_as_non_root_read_only_and_reports_healthy(platform, docker_host):
    for service in SERVICES:
        wrapped = platform.containers[service].container.get_wrapped_container()
        wrapped.reload()
        labels = wrapped.image.labels
        assert labels["org.opencontainers.image.title"] == f"passerelle-{service}"
        assert labels["org.opencontainers.image.revision"].startswith(
            subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        )
        assert wrapped.attrs["Config"]["User"] == "10001:10001" and wrapped.attrs["HostConfig"]["ReadonlyRootfs"]
        assert wrapped.image.tags and image_name(service) in wrapped.image.tags
        eventually(lambda w=wrapped: w.reload() or w.attrs["State"]["Health"]["Status"] == "healthy", timeout=60,
                   what=f"{service}'s healthcheck")  # fmt: skip


def state(platform, service: str) -> dict:
    wrapped = platform.containers[service].container.get_wrapped_container()
    wrapped.reload()
    return wrapped.attrs["State"]


def test_a_service_container_restarted_mid_stream_loses_nothing_and_does_nothing_twice(platform, tenant_a):
    referrals = tenant_a.http("referral", Role.MEDIATOR)
    referrer = tenant_a.http("referral", Role.REFERRER)
    started = state(platform, "cases")["StartedAt"]
    sent = [referrer.post("/referrals", json=referral_body()).json()["id"] for _ in range(REFERRALS)]
    for number, referral_id in enumerate(sent):
        referrals.post(f"/referrals/{referral_id}/accept").raise_for_status()
        if number == REFERRALS // 2:
            platform.restart_service("cases")  # while the accepted referrals are being consumed
    platform.wait_ready("cases")
    assert state(platform, "cases")["StartedAt"] > started and state(platform, "cases")["Running"]
    cases = tenant_a.http("cases", Role.MEDIATOR)
    opened = eventually(
        lambda: len(found := cases.get("/cases", params={"limit": 100}).json()["items"]) >= REFERRALS and found,
        timeout=90,
        what="a case for every accepted referral",
    )
    assert sorted(c["referral_id"] for c in opened) == sorted(sent)  # each once, none lost


def test_the_proxy_image_serves_every_service_on_one_origin_from_a_read_only_root(platform, tenant_a):
    assert isinstance(platform.proxy, ProxyContainer) and platform.proxy.container
    proxy = platform.proxy.container.get_wrapped_container()
    proxy.reload()
    assert proxy.attrs["HostConfig"]["ReadonlyRootfs"] and proxy.image.labels["org.opencontainers.image.revision"]
    fiche = httpx.get(f"{platform.origin}/referral/fiche/{tenant_a.tenant}", timeout=10)
    assert fiche.status_code == 200 and "Consentement de la personne" in fiche.text
    caseload = httpx.get(f"{platform.origin}/cases/accompagnements", headers={"Accept": "text/html"}, timeout=10)
    assert caseload.status_code in (302, 303) and "connexion" in caseload.headers["location"]
    for asset in ("/outreach/static/passerelle/passerelle.css", "/reporting/static/vendor/pico.min.css"):
        assert httpx.get(platform.origin + asset, timeout=10).status_code == 200  # the image's node_modules
