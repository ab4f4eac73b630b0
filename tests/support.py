"""Helpers for tests that drive the real platform: tokens, HTTP clients, raw Kafka records, waiting."""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import re
import secrets
import subprocess
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from devstack.demo import wait_until_known
from devstack.platform import KEYSTORE, Platform
from passerelle.auth import Role, mint_token
from passerelle.cli import main, register_tenant
from passerelle.contracts import Envelope, EventPayload, record_headers
from passerelle.contracts.events import CaseActivityRecorded
from passerelle.crypto import TenantKeyring, new_tenant_key
from passerelle.keystore import KeyStore
from passerelle.messaging.access import KafkaAccess
from tests.signing_in import sign_in

REPO = Path(__file__).resolve().parents[1]


def run_async(coroutine):
    """Run a coroutine to completion from synchronous test code, even where an event loop is
    already running in this thread (Playwright's sync API keeps one)."""
    with ThreadPoolExecutor(1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


def eventually(check: Callable[[], Any], *, timeout: float = 30, interval: float = 0.1, what: str = "condition"):
    """Return check()'s first truthy value; fail with the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what} not reached after {timeout}s (last value: {value!r})")


@dataclass
class TenantClient:
    """Calls the platform's services as one user (a role) of one tenant."""

    platform: Platform
    tenant: str | None
    users: dict[Role, tuple[str, str]] = field(default_factory=dict, repr=False)
    sessions: dict[Role, dict[str, str]] = field(default_factory=dict, repr=False)

    def user(self, role: Role) -> tuple[str, str]:
        """(username, password) of a Keycloak user of this tenant with this one role (the operator:
        no tenant), created on first use."""
        if role not in self.users:
            username = f"{role}-{self.tenant or 'departement'}-{uuid.uuid4().hex[:6]}"  # unique: operators too
            password = secrets.token_urlsafe(12)
            tenant = None if role == Role.OPERATOR else self.tenant
            self.platform.keycloak_admin.create_user(username, tenant=tenant, roles=[role], password=password)
            self.users[role] = (username, password)
        return self.users[role]

    def page_cookies(self, role: Role) -> dict[str, str]:
        """The session cookies of this user's one sign-in through the provider to every service's pages."""
        if role not in self.sessions:
            client = httpx.Client(base_url=self.platform.origin, timeout=30)
            sign_in(client, *self.user(role))
            self.sessions[role] = {
                name: value for name, value in client.cookies.items() if name.startswith("passerelle_session_")
            }
        return self.sessions[role]

    def browser_cookies(self, role: Role) -> list[dict]:
        """The same sessions, for a Playwright browser context."""
        return [{"name": n, "value": v, "url": self.platform.origin} for n, v in self.page_cookies(role).items()]

    def token(self, role: Role, **claims) -> str:
        private = (self.platform.keys_dir / "jwt-private.pem").read_bytes()
        tenant = None if role == Role.OPERATOR else self.tenant
        return mint_token(private, subject=f"{role}@{self.tenant}", tenant=tenant, roles=[role], **claims)

    def register(self, *, name: str | None = None, postal_codes: tuple[str, ...] = ()) -> None:
        """Announce the tenant to the platform and wait until every service knows it (a token naming
        an unregistered tenant is refused)."""
        run_async(
            register_tenant(
                self.platform.kafka.admin,
                tenant_id=self.tenant,
                name=name or f"Tenant {self.tenant}",
                postal_codes=list(postal_codes),
            )
        )
        operator = TenantClient(self.platform, None).http("referral", Role.OPERATOR)
        eventually(
            lambda: any(
                t["id"] == self.tenant and t["postal_codes"] == list(postal_codes)
                for t in operator.get("/tenants").json()
            ),
            what=f"tenant {self.tenant} registered",
        )
        wait_until_known(self.platform, [self.tenant], timeout=30)

    def http(self, service: str, role: Role | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token(role)}"} if role else {}
        return httpx.Client(base_url=self.platform.url(service), headers=headers, timeout=10)


def page_client(platform: Platform, tenant: TenantClient, role: Role = Role.MEDIATOR) -> httpx.Client:
    """A signed-in person's browser, without the browser: French pages through the proxy, with the
    sessions of one sign-in through the identity provider (tests/signing_in.py)."""
    client = httpx.Client(base_url=platform.origin, headers={"Accept": "text/html"}, timeout=30)
    client.cookies.update(tenant.page_cookies(role))
    return client


_client_addresses = itertools.count(1)


def public_client(platform: Platform, service: str = "referral") -> httpx.Client:
    """A client without an account, from an address of its own: each has its own public rate-limit
    allowance. (A benchmarking range address, only ever written in a header, never contacted.)"""
    address = str(ipaddress.IPv4Address("198.18.0.0") + next(_client_addresses))
    return httpx.Client(base_url=platform.url(service), headers={"X-Forwarded-For": address}, timeout=10)


def new_tenant(platform: Platform, *, registered: bool = True) -> TenantClient:
    """A tenant no other test uses, with its encryption key and its group in Keycloak, registered
    unless told otherwise."""
    tenant = TenantClient(platform, f"t-{uuid.uuid4().hex[:10]}")
    new_tenant_key(platform.tenant_keys_dir, tenant.tenant)
    platform.keycloak_admin.ensure_tenant(tenant.tenant)
    if registered:
        tenant.register()
    return tenant


def fiche_form(last_name: str = "Roux") -> dict:
    """The fiche page's fields as a referrer fills them (the page's form, not the API's body)."""
    return {
        "source": "professional",
        "referrer.name": "Dr Martin",
        "referrer.function": "médecin",
        "referrer.structure": "Cabinet",
        "beneficiary.last_name": last_name,
        "beneficiary.first_name": "Marcel",
        "beneficiary.birth_date": "1950-02-03",
        "beneficiary.postal_code": "30110",
        "reasons": "care_rupture",
        "consent.given": "oui",
        "consent.method": "signed_form",
        "consent.recorded_by": "Dr Martin",
    }


def referral_body(**overrides) -> dict:
    body = {
        "source": "professional",
        "referrer": {
            "name": "Dr Martin",
            "function": "médecin généraliste",
            "structure": "Cabinet du Pont",
            "phone": "04 66 12 34 56",
            "relationship": "médecin traitant",
        },
        "beneficiary": {
            "last_name": "Durand",
            "first_name": "Aline",
            "birth_date": "1961-04-12",
            "phone": "06 12 34 56 78",
            "address": "3 rue des Écoles",
            "postal_code": "30500",
            "commune": "Saint-Ambroix",
        },
        "reasons": ["care_rupture", "rights_access"],
        "difficulties": ["isolation", "digital_exclusion"],
        "observations": "N'a plus de médecin traitant depuis 2 ans.",
        "consent": {
            "given": True,
            "recorded_by": "Dr Martin",
            "method": "oral_with_professional",
            "recorded_at": "2026-01-15T10:00:00+01:00",
        },
    }
    body.update(overrides)
    return body


def operator_command(platform: Platform, capsys, *args: str) -> str:
    """`passerelle …` in this process, with the admin's Kafka credentials in its environment; its output."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in platform.kafka.admin.environment().items():
            env.setenv(name, value)
        main(list(args))
    return capsys.readouterr().out


def kcat(configuration: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """bin/kcat with a subscriber's printed configuration (`-F file`), as README.md shows it."""
    config = folder / f"{uuid.uuid4().hex}.properties"
    config.write_text(configuration)
    return subprocess.run(
        [str(REPO / "bin" / "kcat"), "-F", str(config), *args], capture_output=True, text=True, timeout=60
    )


def open_sealed(platform: Platform, tenant: str, person: uuid.UUID, sealed, *, context: str) -> dict:
    """Open sealed personal data as the cases service does: with the person's key, from the key store."""

    async def go() -> dict:
        keystore = KeyStore(platform.postgres.url(KEYSTORE), TenantKeyring(platform.tenant_keys_dir))
        try:
            return await keystore.open(tenant, person, sealed, context=context)
        finally:
            await keystore.dispose()

    return run_async(go())


def envelope_for(payload: EventPayload, *, tenant: str, subject: str, event_id: uuid.UUID | None = None) -> Envelope:
    envelope = Envelope.wrap(payload, source="/tests", subject=subject, tenant=tenant, correlation_id="test")
    return envelope.model_copy(update={"id": event_id}) if event_id else envelope


def publish(kafka: KafkaAccess, topic: str, records: list[tuple[bytes | None, bytes, list[tuple[str, bytes]]]]) -> None:
    """Send raw (key, value, headers) records and wait for every acknowledgement."""

    async def send() -> None:
        producer = AIOKafkaProducer(**kafka.aiokafka(), enable_idempotence=True, linger_ms=5)
        await producer.start()
        try:
            futures = [await producer.send(topic, value, key=key, headers=headers) for key, value, headers in records]
            await asyncio.gather(*futures)
        finally:
            await producer.stop()

    run_async(send())


def publish_events(kafka: KafkaAccess, envelopes: list[Envelope], topic: str) -> None:
    publish(
        kafka,
        topic,
        [
            (e.subject.encode(), e.kafka_value(), [(k, v.encode()) for k, v in e.kafka_headers().items()])
            for e in envelopes
        ],
    )


def read_topic(kafka: KafkaAccess, topic: str, *, seconds: float = 3.0) -> list:
    """Every record of a topic from the beginning (no consumer group, nothing committed)."""

    async def read() -> list:
        consumer = AIOKafkaConsumer(
            topic, **kafka.aiokafka(), auto_offset_reset="earliest", enable_auto_commit=False, group_id=None
        )
        await consumer.start()
        records = []
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=300)
                for partition_records in batch.values():
                    records.extend(partition_records)
        finally:
            await consumer.stop()
        return records

    return run_async(read())


def headers_of(record) -> dict[str, str]:
    """Leniently, as the platform does: a topic may hold a record whose headers are not UTF-8
    (tests/test_delivery.py publishes one), which a test reading the whole topic must get past."""
    return record_headers(record)


def indicators(client: httpx.Client, start: date, end: date) -> dict[str, int]:
    answer = client.get("/indicators", params={"from": start.isoformat(), "to": end.isoformat()})
    answer.raise_for_status()
    return answer.json()["indicators"]


def appointment_events(tenant: str, count: int, *, cases: int = 1) -> list[Envelope]:
    """`count` appointment events spread over `cases` cases (one beneficiary each) of 2026."""
    case_ids = [uuid.uuid4() for _ in range(cases)]
    events = []
    for n in range(count):
        case_id = case_ids[n % cases]
        payload = CaseActivityRecorded(
            case_id=case_id,
            activity_id=uuid.uuid4(),
            beneficiary_pid=case_id,
            kind="appointment",
            occurred_on=date(2026, 1 + n % 12, 1 + n % 28),
        )
        events.append(envelope_for(payload, tenant=tenant, subject=str(case_id)))
    return events


def metric(platform: Platform, service: str, name: str, **labels: str) -> float:
    """A sample of a service's /metrics (0 if absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in httpx.get(f"{platform.url(service)}/metrics").text.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and ",".join(sorted(match.group(1).split(","))) == wanted:
            return float(match.group(2))
    return 0.0


def appointments_projected(platform: Platform, tenant: str) -> int:
    """Activities of the tenant in the reporting projection, read straight from its database."""
    sql = f"SELECT count(*) FROM reporting.activity_facts WHERE tenant_id = '{tenant}'"
    return int(platform.postgres.psql(sql, "reporting"))


def uploaded(browser: httpx.Client, service: str, layout: str, name: str, content: bytes) -> str:
    """A spreadsheet sent to a service's import page (passerelle.imports): the import's id."""
    sent = browser.post(f"/{service}/import", data={"modele": layout}, files={"fichier": (name, content)})
    assert sent.status_code == 303, sent.text[:500]
    return sent.headers["location"].rsplit("/", 1)[-1]


def import_settled(browser: httpx.Client, service: str, job: str, state: str) -> str:
    """The import's page once its state reads `state` (the background pass works in batches)."""
    return eventually(
        lambda: (page := browser.get(f"/{service}/import/{job}").text) and state in page and page,
        timeout=90,
        what=f"the import {state}",
    )
