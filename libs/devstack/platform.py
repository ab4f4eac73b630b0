"""The whole platform on one machine: broker, PostgreSQL, the identity provider, keys, topics,
migrations, four services."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from devstack import processes
from devstack.kafka import KafkaBroker
from devstack.keycloak import Keycloak
from devstack.keycloak_admin import KeycloakAdmin
from devstack.mail import MailServer
from devstack.nginx import ReverseProxy
from devstack.postgres import PostgresServer
from passerelle.cli import init_keys
from passerelle.contracts import grants
from passerelle.messaging.access import KafkaAccess
from passerelle.messaging.kafka import ensure_topics

SERVICES = ("referral", "cases", "outreach", "reporting")
KEYSTORE = "keystore"  # the persons' keys (passerelle.keystore): a database of its own


@dataclass
class Platform:
    data_dir: Path
    kafka_port: int = 0
    postgres_port: int = 0
    service_ports: dict[str, int] = field(default_factory=dict)
    kafka: KafkaBroker | None = None
    postgres: PostgresServer | None = None
    services: dict[str, subprocess.Popen] = field(default_factory=dict)
    proxy_port: int = 0
    proxy: ReverseProxy | None = None
    keycloak_port: int = 0
    keycloak: Keycloak | None = None
    mail: MailServer | None = None  # the SMTP relay the services send through; what arrived is in its Maildir

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.service_ports[service]}"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def tenant_keys_dir(self) -> Path:
        return self.keys_dir / "tenants"

    def start(self) -> Platform:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proxy_port = self.proxy_port or processes.free_port()  # the services know their public origin
        self.mail = self.mail or MailServer(self.data_dir / "mail").start()
        with ThreadPoolExecutor(2) as pool:  # the JVMs' starts overlap PostgreSQL's, the migrations
            kafka = pool.submit(KafkaBroker(self.data_dir / "kafka", port=self.kafka_port).start)
            self.postgres = PostgresServer(self.data_dir / "postgres", port=self.postgres_port).start()
            self.postgres.create_database("keycloak")  # here: two CREATE DATABASE at once may collide
            self.keycloak = Keycloak(
                self.data_dir / "keycloak",
                postgres=self.postgres,
                public_origin=self.public_origin,
                port=self.keycloak_port or processes.free_port(),  # the services' env names it
            )
            keycloak = pool.submit(self.keycloak.start)
            self.kafka = kafka.result()
            init_keys(self.keys_dir)
            for grant in grants.SERVICES.values():
                self.kafka.grant(grant)
            asyncio.run(ensure_topics(self.kafka.admin))
            self.migrate()
            keycloak.result()
        for name in SERVICES:
            self.start_service(name)
        for name in SERVICES:
            self.wait_ready(name)
        upstreams = {name: f"127.0.0.1:{port}" for name, port in self.service_ports.items()}
        self.proxy = self.start_proxy(upstreams)
        return self

    def start_proxy(self, upstreams: dict[str, str]) -> ReverseProxy:
        return ReverseProxy(self.data_dir / "nginx", upstreams, port=self.proxy_port).start()

    @property
    def public_origin(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def kafka_admin(self) -> KafkaAccess:
        assert self.kafka, "the platform is not started"
        return self.kafka.admin

    @cached_property
    def keycloak_admin(self) -> KeycloakAdmin:
        assert self.keycloak, "the platform is not started"
        return KeycloakAdmin(self.keycloak.url, self.keycloak.admin_password)

    @property
    def origin(self) -> str:
        """Where people open the pages: every service behind the reverse proxy."""
        assert self.proxy, "the platform is not started"
        return self.proxy.origin

    def migrate(self) -> None:
        assert self.postgres, "the platform is not started"
        for name in (*SERVICES, KEYSTORE):
            self.postgres.create_database(name)
        keystore_env = {"PASSERELLE_DATABASE_URL": self.postgres.url(KEYSTORE)}
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "passerelle.migrations", name],
                env=self.env(name) if name in SERVICES else keystore_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for name in (*SERVICES, KEYSTORE)
        ]
        for name, run in zip((*SERVICES, KEYSTORE), runs, strict=True):
            output, _ = run.communicate()
            if run.returncode:
                raise RuntimeError(f"migrations of {name} failed:\n{output.decode(errors='replace')}")

    def env(self, service: str) -> dict[str, str]:
        assert self.postgres and self.kafka and self.keycloak, "the platform is not started"
        env = {
            "PASSERELLE_SERVICE_NAME": service,
            "PASSERELLE_DATABASE_URL": self.postgres.url(service),
            **self.kafka.access(grants.SERVICES[service].principal).environment(),
            "PASSERELLE_OIDC_ISSUER": self.keycloak.issuer,
            "PASSERELLE_OIDC_CLIENT_ID": f"passerelle-{service}",
            "PASSERELLE_OIDC_CLIENT_SECRET": self.keycloak.client_secret(service),
            # `passerelle token`'s tokens too: development only, refused by services served over https
            "PASSERELLE_DEV_TOKENS_KEY_FILE": str(self.keys_dir / "jwt-public.pem"),
            "PASSERELLE_PUBLIC_ORIGIN": self.public_origin,
            "PASSERELLE_SERVED_OVER_HTTPS": "false",  # plain http on this machine
            "PASSERELLE_SMTP_HOST": "127.0.0.1",
            "PASSERELLE_SMTP_PORT": str(self.mail.port if self.mail else 25),
        }
        if service in ("referral", "cases"):  # seal and open the case file sent with referral.accepted
            env["PASSERELLE_TENANT_KEYS_DIR"] = str(self.tenant_keys_dir)
            env["PASSERELLE_KEYSTORE_URL"] = self.postgres.url(KEYSTORE)  # each person's key
        if service == "reporting":  # the operator's page lists and revokes subscribers as the broker's admin
            env["PASSERELLE_KAFKA_ADMIN_PASSWORD"] = self.kafka.admin.password
        if service == "referral":  # the Équipe page manages accounts through Keycloak's admin API
            env["PASSERELLE_ACCOUNTS_CLIENT_ID"] = "passerelle-accounts"
            env["PASSERELLE_ACCOUNTS_CLIENT_SECRET"] = self.keycloak.client_secret("accounts")
        return env

    def start_service(self, name: str, *, instance: str | None = None, env: dict[str, str] | None = None) -> None:
        """Start the service; `instance` names another process of it (own port and log, `env` added),
        known by that name to url, wait_ready and stop_service."""
        key = instance or name
        port = self.service_ports.setdefault(key, processes.free_port())
        self.services[key] = processes.start(
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"{name}.bootstrap:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "10",
                "--proxy-headers",
                "--forwarded-allow-ips",
                "127.0.0.1",
            ],
            log=self.log(key),
            env={**self.env(name), **(env or {})},
        )

    def log(self, service: str) -> Path:
        return self.data_dir / "logs" / f"{service}.log"

    def wait_ready(self, name: str, timeout: float = 90, *, broker: bool = True) -> None:
        """Until the service serves requests and, with `broker`, its Kafka client is connected too
        (its consumers and relay at work: readiness alone does not wait for the broker)."""

        def ready() -> bool:
            if self.services[name].poll() is not None:
                raise RuntimeError(f"{name} exited with {self.services[name].returncode}; see {self.log(name)}")
            try:
                with urllib.request.urlopen(f"{self.url(name)}/readyz", timeout=2) as answer:
                    return answer.status == 200 and (not broker or json.load(answer)["checks"]["broker"])
            except OSError:
                return False

        processes.wait_until(ready, timeout=timeout, what=f"service {name}", log=self.log(name))

    def stop_service(self, name: str, *, sig: int = signal.SIGTERM) -> None:
        processes.stop(self.services.pop(name, None), sig=sig)

    def stop(self) -> None:
        if self.proxy:
            self.proxy.stop()
        for name in list(self.services):
            self.stop_service(name)
        if self.keycloak:
            self.keycloak.stop()
        if self.kafka:
            self.kafka.stop()
        if self.postgres:
            self.postgres.stop()
        if self.mail:
            self.mail.stop()
