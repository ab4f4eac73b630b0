"""The demo tenants' people in Keycloak for `bin/run`: one user per role of each tenant, the
département's operator, and one subscriber machine client per tenant; and on the broker, one
indicator subscriber per tenant. Passwords and secrets are generated once and kept in the data
folder, beside the realm that holds them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from devstack.platform import Platform
from passerelle.auth import Role
from passerelle.contracts import topics
from passerelle.messaging import subscribers

TENANT_ROLES = (Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    tenant: str | None
    role: Role


def create_demo_users(platform: Platform, tenants: list[str]) -> list[DemoUser]:
    """Every demo user, created in Keycloak if absent; their passwords in .data/demo-users.txt."""
    path = platform.data_dir / "demo-users.txt"
    passwords = dict(line.split()[:2] for line in path.read_text().splitlines()) if path.exists() else {}
    wanted: list[tuple[str, str | None, Role]] = [
        (f"{role}-{slug}", slug, role) for slug in tenants for role in TENANT_ROLES
    ]
    wanted.append(("operator", None, Role.OPERATOR))
    admin = platform.keycloak_admin
    users = []
    for username, tenant, role in wanted:
        password = passwords.get(username) or secrets.token_urlsafe(9)
        if admin.find_user(username) is None:
            admin.create_user(username, tenant=tenant, roles=[role], password=password)
        users.append(DemoUser(username, password, tenant, role))
    path.write_text("".join(f"{u.username} {u.password} {u.tenant or '-'} {u.role}\n" for u in users))
    path.chmod(0o600)
    return users


def create_demo_subscribers(platform: Platform, tenants: list[str]) -> Path:
    """A machine client `subscriber-<tenant>` per demo tenant (client credentials, role subscriber);
    their ids and secrets in .data/demo-subscribers.env."""
    lines = []
    for slug in tenants:
        client_id = f"subscriber-{slug}"
        secret = platform.keycloak_admin.create_subscriber_client(client_id, tenant=slug)
        prefix = slug.upper().replace("-", "_")
        lines += [f"{prefix}_SUBSCRIBER_ID={client_id}", f"{prefix}_SUBSCRIBER_SECRET={secret}"]
    path = platform.data_dir / "demo-subscribers.env"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def create_demo_kafka_subscribers(platform: Platform, tenants: list[str]) -> dict[str, Path]:
    """A Kafka subscriber `bi-<tenant>` per demo tenant, reading its tenant's indicator topic; its client
    configuration (`bin/kcat -F`) in .data/kafka/subscribers/, a new password at each start."""
    assert platform.kafka, "the platform is not started"
    folder = platform.kafka.data_dir / "subscribers"
    folder.mkdir(parents=True, exist_ok=True)
    known = {s.name for s in subscribers.list_subscribers(platform.kafka.admin)}
    files = {}
    for slug in tenants:
        name = f"bi-{slug}"
        if name in known:
            access = subscribers.rotate(platform.kafka.admin, name)
        else:
            access = subscribers.create(platform.kafka.admin, name, tenant=slug)
        path = files[slug] = folder / f"{name}.properties"
        path.touch(mode=0o600)
        path.write_text(subscribers.client_configuration(access, topic=topics.indicators_topic(slug)))
    return files
