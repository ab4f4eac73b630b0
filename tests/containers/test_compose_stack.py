"""The compose stack (deploy/compose with compose.host.yaml), as `bin/run --containers` starts it: every
container healthy or done, on the loopback only, and a referral that becomes a case reporting counts,
with people signed in through the stack's own Keycloak."""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
import subprocess
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from devstack import compose_stack
from devstack.compose_stack import KEYCLOAK, ORIGIN, ComposeStack
from devstack.keycloak_admin import KeycloakAdmin
from passerelle import clock
from passerelle.auth import Role
from passerelle.cli import register_tenant
from passerelle.crypto import new_tenant_key
from tests.support import eventually, indicators, referral_body

PORTS = (9092, 9093, 5432, 8080, 8081, 8082, 8083, 8084, 8180, 9000)  # compose.host.yaml's
ONE_SHOTS = {"kafka-setup", "referral-migrate", "cases-migrate", "outreach-migrate", "reporting-migrate"}
ONE_SHOTS.add("keystore-migrate")
YEAR = (date(clock.today().year, 1, 1), date(clock.today().year + 1, 1, 1))


def taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def stack(docker_host) -> Iterator[ComposeStack]:
    prepared = compose_stack.prepare(project="passerelle-tests")  # never a developer's stack and volumes
    prepared.down(volumes=True)  # a run cut short left its stack, which the engine restarted: it goes first
    busy = [port for port in PORTS if taken(port)]
    assert not busy, f"ports {busy} are taken (a `bin/run` or `bin/run --containers`?): the compose tier needs them"
    try:
        prepared.up()
        yield prepared
    finally:
        prepared.down(volumes=True)  # nothing of the tier outlives the run


def test_every_container_of_the_stack_is_healthy_or_done_and_listens_on_the_loopback_only(stack):
    states = {
        c["Service"]: c
        for c in map(json.loads, stack.compose("ps", "--all", "--format", "json", capture=True).splitlines())
    }
    assert set(states) >= {"kafka", "postgres", "keycloak", "proxy", *compose_stack.SERVICE_PORTS, *ONE_SHOTS}
    for name, container in states.items():
        if name in ONE_SHOTS:
            assert container["State"] == "exited" and container["ExitCode"] == 0, (name, container["Status"])
        else:
            assert container["Health"] == "healthy", (name, container["Status"])
    listening = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout.splitlines()
    for port in PORTS:
        addresses = {line.split()[3].rsplit(":", 1)[0] for line in listening if line.split()[3].endswith(f":{port}")}
        assert addresses and addresses <= {"127.0.0.1", "[::ffff:127.0.0.1]"}, (port, addresses)


@pytest.fixture(scope="module")
def people(stack) -> dict[Role, httpx.Client]:
    """A new tenant on the stack, and one person per role signed in through the stack's Keycloak."""
    tenant = f"compose-{secrets.token_hex(3)}"
    new_tenant_key(stack.tenant_keys, tenant).chmod(0o644)
    asyncio.run(register_tenant(stack.kafka_admin(), tenant_id=tenant, name="Compose", postal_codes=["30100"]))
    environment = compose_stack.local_env()
    keycloak = KeycloakAdmin(KEYCLOAK, environment["KEYCLOAK_ADMIN_PASSWORD"])
    clients = {}
    for role in (Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR):
        username, password = f"{role}-{tenant}", secrets.token_urlsafe(12)
        keycloak.create_user(username, tenant=tenant, roles=[role], password=password)
        token = keycloak.user_tokens(username, password)["access_token"]
        clients[role] = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=30)
    eventually(lambda: httpx.get(f"{ORIGIN}/referral/fiche/{tenant}").status_code == 200, timeout=60,
               what="referral learns of the tenant")  # fmt: skip
    return clients


def test_a_referral_through_the_stack_becomes_a_case_whose_appointment_reporting_counts(people):
    referrer, mediator, coordinator = people[Role.REFERRER], people[Role.MEDIATOR], people[Role.COORDINATOR]
    submitted = referrer.post(f"{ORIGIN}/referral/referrals", json=referral_body())
    assert submitted.status_code == 201, submitted.text
    referral_id = submitted.json()["id"]
    mediator.post(f"{ORIGIN}/referral/referrals/{referral_id}/accept").raise_for_status()
    [case] = eventually(
        lambda: mediator.get(f"{ORIGIN}/cases/cases", params={"referral_id": referral_id}).json()["items"],
        timeout=60,
        what="the case opened in the cases container",
    )
    day = clock.today().isoformat()  # an appointment is not before the referral's receipt
    appointment = {"kind": "appointment", "mode": "scheduled", "occurred_on": day, "duration_minutes": 45}
    mediator.post(f"{ORIGIN}/cases/cases/{case['id']}/activities", json=appointment).raise_for_status()
    reporting = httpx.Client(base_url=f"{ORIGIN}/reporting", headers=coordinator.headers, timeout=30)
    counted = eventually(lambda: (c := indicators(reporting, *YEAR))["individual_appointments"] and c, timeout=60,
                         what="reporting counts the appointment")  # fmt: skip
    assert counted["persons_accompanied"] == 1 and counted["followups_initiated"] == 1
