"""`bin/run --containers`: the compose stack (deploy/compose) on this machine's Docker engine.

The same compose.yaml a département runs, with compose.host.yaml for an engine that gives containers
no network of their own: Kafka, PostgreSQL, Keycloak, the migrations and `kafka-setup` as one-shot
containers, the four services and the proxy, all on 127.0.0.1. Our images are built first
(bin/images), and the third-party ones replaced by their stand-ins where they cannot be pulled.

Its settings are a local deploy/compose/.env, written once with generated passwords and the loopback's
addresses (an .env naming other addresses is a deployment's, and is refused), and the secrets of
bin/compose-secrets. The demo tenants are registered and their people created in its Keycloak.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from devstack import compose_secrets, images
from devstack.demo_identities import create_demo_kafka_subscribers, create_demo_subscribers, create_demo_users
from devstack.docker_engine import REPO, engine
from devstack.keycloak_admin import KeycloakAdmin
from devstack.run import DEMO_TENANTS, print_kafka_subscribers, print_pages, print_people
from passerelle.cli import register_tenant
from passerelle.contracts.grants import ADMIN
from passerelle.crypto import new_tenant_key
from passerelle.messaging.access import KafkaAccess

COMPOSE = REPO / "deploy" / "compose"
FILES = (COMPOSE / "compose.yaml", COMPOSE / "compose.host.yaml")
BINARY = REPO / ".cache" / "go" / "bin" / "docker-compose"  # Compose v2, built by bin/bootstrap
ORIGIN = "http://127.0.0.1:8080"
KEYCLOAK = "http://127.0.0.1:8180"
SERVICE_PORTS = {"referral": 8081, "cases": 8082, "outreach": 8083, "reporting": 8084}  # compose.host.yaml
# the images compose runs, by the variable of compose.host.yaml that names them
IMAGE_VARIABLES = {"apache/kafka": "PASSERELLE_KAFKA_IMAGE", "postgres": "PASSERELLE_POSTGRES_IMAGE"}
IMAGE_VARIABLES["quay.io/keycloak/keycloak"] = "PASSERELLE_KEYCLOAK_IMAGE"
GENERATED = (
    "POSTGRES_PASSWORD",
    "GRAFANA_ADMIN_PASSWORD",
    "KEYCLOAK_ADMIN_PASSWORD",
    "PASSERELLE_OIDC_SECRET_REFERRAL",
    "PASSERELLE_OIDC_SECRET_CASES",
    "PASSERELLE_OIDC_SECRET_OUTREACH",
    "PASSERELLE_OIDC_SECRET_REPORTING",
    "PASSERELLE_ACCOUNTS_CLIENT_SECRET",
)


class NotLocal(SystemExit):
    """deploy/compose/.env is a deployment's, not this machine's."""


def local_env(env: Path = COMPOSE / ".env") -> dict[str, str]:
    """deploy/compose/.env for this machine, written once from env.example; its values."""
    if not env.exists():
        text = (COMPOSE / "env.example").read_text()
        text = _set(text, "PASSERELLE_PUBLIC_ORIGIN", ORIGIN)
        text = _set(text, "KEYCLOAK_PUBLIC_URL", KEYCLOAK)
        for name in GENERATED:
            text = _set(text, name, secrets.token_urlsafe(24))
        env.touch(mode=0o600)
        env.write_text(text)
    values = dict(line.split("=", 1) for line in env.read_text().splitlines() if re.match(r"^[A-Z_]+=", line))
    if values.get("PASSERELLE_PUBLIC_ORIGIN") != ORIGIN or values.get("KEYCLOAK_PUBLIC_URL") != KEYCLOAK:
        raise NotLocal(
            f"{env} serves {values.get('PASSERELLE_PUBLIC_ORIGIN')}: it is a deployment's. "
            f"bin/run --containers runs on {ORIGIN}; move that file aside first."
        )
    return values


def _set(text: str, name: str, value: str) -> str:
    return re.sub(rf"^{name}=.*$", f"{name}={value}", text, count=1, flags=re.MULTILINE)


@dataclass(frozen=True)
class ComposeStack:
    """The running stack: how to run compose against it, and how the host reaches it."""

    engine: str
    images: dict[str, str]  # PASSERELLE_*_IMAGE: the image compose runs
    project: str = "passerelle"  # its containers' and volumes' prefix; the tests use their own

    def compose(self, *args: str, capture: bool = False) -> str:
        environment = {**os.environ, "DOCKER_HOST": self.engine, **self.images}
        command = [str(BINARY), "--project-name", self.project, *(a for f in FILES for a in ("-f", str(f))), *args]
        done = subprocess.run(command, env=environment, text=True, capture_output=capture, check=False)
        if done.returncode:
            raise RuntimeError(f"docker compose {' '.join(args)} failed ({done.returncode}): {done.stderr or ''}")
        return done.stdout or ""

    def up(self) -> None:
        self.compose("up", "--detach", "--wait", "--wait-timeout", "600", "--quiet-pull")

    def down(self, *, volumes: bool = False) -> None:
        self.compose("down", *(["--volumes"] if volumes else []))

    @property
    def tenant_keys(self) -> Path:
        return COMPOSE / "secrets" / "tenant-keys"

    def kafka_admin(self) -> KafkaAccess:
        folder = COMPOSE / "secrets" / "kafka"
        password = (folder / "admin.password").read_text().strip()
        return KafkaAccess("127.0.0.1:9092", ADMIN, password, ca_file=folder / "ca.pem")

    @staticmethod
    def url(service: str) -> str:
        return f"http://127.0.0.1:{SERVICE_PORTS[service]}"


def prepare(project: str = "passerelle") -> ComposeStack:
    """The images built, the settings and secrets made: a stack ready to come up."""
    local_env()
    compose_secrets.make()
    tenant_keys = COMPOSE / "secrets" / "tenant-keys"
    tenant_keys.mkdir(exist_ok=True)
    tenant_keys.chmod(0o755)
    docker = images.Engine(engine())
    images.build_images(docker)
    chosen = images.compose_images(docker)
    variables = {IMAGE_VARIABLES[official.rsplit(":", 1)[0]]: image for official, image in chosen.items()}
    return ComposeStack(docker.host, variables, project)


@dataclass(frozen=True)
class Demo:
    """The demo people of the compose stack (devstack.demo_identities.Stack), kept in .data/compose."""

    stack: ComposeStack
    data_dir: Path
    environment: dict[str, str]

    @property
    def keycloak_admin(self) -> KeycloakAdmin:
        return KeycloakAdmin(KEYCLOAK, self.environment["KEYCLOAK_ADMIN_PASSWORD"])

    @property
    def kafka_admin(self) -> KafkaAccess:
        return self.stack.kafka_admin()


def register_demo_tenants(stack: ComposeStack) -> None:
    """Each demo tenant's key (read by referral and cases through their mount) and its registration."""
    for slug, (name, codes) in DEMO_TENANTS.items():
        # the services' user reads it; secrets/ above is the host user's alone
        new_tenant_key(stack.tenant_keys, slug).chmod(0o644)
        asyncio.run(register_tenant(stack.kafka_admin(), tenant_id=slug, name=name, postal_codes=codes))
    deadline = time.monotonic() + 120
    for slug in DEMO_TENANTS:  # the public fiche answers once referral has read the registration
        while httpx.get(f"{ORIGIN}/referral/fiche/{slug}").status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"referral has not learnt of {slug} within 2 minutes: see `docker compose logs`")
            time.sleep(1)


def main(data: Path) -> None:
    started = time.monotonic()
    print("Building the images, then starting the compose stack (deploy/compose, on the host's network)…", flush=True)
    environment = local_env()
    stack = prepare()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        stack.up()
        register_demo_tenants(stack)
        demo = Demo(stack, data / "compose", environment)
        demo.data_dir.mkdir(parents=True, exist_ok=True)
        users = create_demo_users(demo, list(DEMO_TENANTS))
        subscribers = create_demo_subscribers(demo, list(DEMO_TENANTS))
        kafka_subscribers = create_demo_kafka_subscribers(demo, list(DEMO_TENANTS))
        print_pages(ORIGIN, {name: stack.url(name) for name in SERVICE_PORTS}, time.monotonic() - started)
        secrets_dir = COMPOSE / "secrets"
        print(
            f"\nKafka on 127.0.0.1:9092 (SASL SCRAM-SHA-512 over TLS, CA {secrets_dir / 'kafka' / 'ca.pem'}; the admin "
            f"passerelle-admin's password in {secrets_dir / 'kafka' / 'admin.password'}), PostgreSQL on "
            f"127.0.0.1:5432 (user passerelle, password in {COMPOSE / '.env'})."
        )
        print(f"Demo tenants: {', '.join(DEMO_TENANTS)}. No demo activity and no development tokens: the stack is")
        print("a deployment's, where people sign in through Keycloak and machines with client credentials.")
        admin_password = f"KEYCLOAK_ADMIN_PASSWORD in {COMPOSE / '.env'}"
        print_people(ORIGIN, demo.data_dir, KEYCLOAK, admin_password, users, subscribers)
        print_kafka_subscribers(kafka_subscribers)
        kafka = secrets_dir / "kafka"
        print(
            "  (a new one: PASSERELLE_KAFKA_BOOTSTRAP=127.0.0.1:9092 PASSERELLE_KAFKA_USERNAME=passerelle-admin "
            f'PASSERELLE_KAFKA_PASSWORD="$(cat {kafka / "admin.password"})" '
            f"PASSERELLE_KAFKA_CA_FILE={kafka / 'ca.pem'} "
            ".venv/bin/passerelle subscriber create …)"
        )
        print(
            f"Logs: {BINARY} -p {stack.project} -f deploy/compose/compose.yaml -f deploy/compose/compose.host.yaml logs"
        )
        print(f"  (DOCKER_HOST={stack.engine}).  Ctrl-C stops the stack; its volumes keep the data.", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping the compose stack…", flush=True)
        stack.compose("stop")
        print("Stopped. Data kept in the stack's volumes (`docker compose down --volumes` forgets it).")


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt
