"""The demo tenants' people in Keycloak for `bin/run`: one user per role of each tenant, the
département's operator, and one subscriber machine client per tenant; and on the broker, one
indicator subscriber per tenant. Passwords and secrets are generated once and kept in the data
folder, beside the realm that holds them. Both stacks have them: `bin/run`'s (devstack.stack) and
`bin/run --containers`' (devstack.compose_stack)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from devstack.keycloak_admin import KeycloakAdmin
from passerelle.auth import Role
from passerelle.contracts import topics
from passerelle.messaging import subscribers
from passerelle.messaging.access import KafkaAccess

TENANT_ROLES = (Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR)


class Stack(Protocol):
    """What the demo people need of a running stack: where to keep their secrets, and its admins."""

    @property
    def data_dir(self) -> Path: ...

    @property
    def keycloak_admin(self) -> KeycloakAdmin: ...

    @property
    def kafka_admin(self) -> KafkaAccess: ...


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    tenant: str | None
    role: Role


def create_demo_users(stack: Stack, tenants: list[str]) -> list[DemoUser]:
    """Every demo user, created in Keycloak if absent; their passwords in .data/demo-users.txt."""
    path = stack.data_dir / "demo-users.txt"
    passwords = dict(line.split()[:2] for line in path.read_text().splitlines()) if path.exists() else {}
    wanted: list[tuple[str, str | None, Role]] = [
        (f"{role}-{slug}", slug, role) for slug in tenants for role in TENANT_ROLES
    ]
    wanted.append(("operator", None, Role.OPERATOR))
    admin = stack.keycloak_admin
    users = []
    for username, tenant, role in wanted:
        password = passwords.get(username) or secrets.token_urlsafe(9)
        if admin.find_user(username) is None:
            admin.create_user(username, tenant=tenant, roles=[role], password=password)
        users.append(DemoUser(username, password, tenant, role))
    path.write_text("".join(f"{u.username} {u.password} {u.tenant or '-'} {u.role}\n" for u in users))
    path.chmod(0o600)
    return users


def create_demo_subscribers(stack: Stack, tenants: list[str]) -> Path:
    """A machine client `subscriber-<tenant>` per demo tenant (client credentials, role subscriber);
    their ids and secrets in .data/demo-subscribers.env."""
    lines = []
    for slug in tenants:
        client_id = f"subscriber-{slug}"
        secret = stack.keycloak_admin.create_subscriber_client(client_id, tenant=slug)
        prefix = slug.upper().replace("-", "_")
        lines += [f"{prefix}_SUBSCRIBER_ID={client_id}", f"{prefix}_SUBSCRIBER_SECRET={secret}"]
    path = stack.data_dir / "demo-subscribers.env"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def create_demo_kafka_subscribers(stack: Stack, tenants: list[str]) -> dict[str, Path]:
    """A Kafka subscriber `bi-<tenant>` per demo tenant, reading its tenant's indicator topic; its client
    configuration (`bin/kcat -F`) in .data/kafka/subscribers/, a new password at each start."""
    folder = stack.data_dir / "kafka" / "subscribers"
    folder.mkdir(parents=True, exist_ok=True)
    admin = stack.kafka_admin
    known = {s.name for s in subscribers.list_subscribers(admin)}
    files = {}
    for slug in tenants:
        name = f"bi-{slug}"
        access = subscribers.rotate(admin, name) if name in known else subscribers.create(admin, name, tenant=slug)
        path = files[slug] = folder / f"{name}.properties"
        path.touch(mode=0o600)
        path.write_text(subscribers.client_configuration(access, topic=topics.indicators_topic(slug)))
    return files
