"""A real Apache Kafka broker (KRaft, single node) from Maven Central jars, for local runs and tests.

Secured as in a deployment: clients authenticate with SASL SCRAM-SHA-512 over TLS (the only client
listener), the controller listener takes the admin principal only (SASL PLAIN over TLS: KRaft cannot
check SCRAM before its metadata is loaded), ACLs decide the rest and nothing is allowed without one.
The CA, the broker's certificate and the principals' passwords are made here, in `data_dir/secrets`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import secrets
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from devstack import processes
from devstack.certificates import BrokerTls, broker_tls
from passerelle.contracts.grants import ADMIN, Grant
from passerelle.messaging import acls
from passerelle.messaging.access import KafkaAccess

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
POM = REPO / "deploy" / "kafka" / "pom.xml"
LOG4J = REPO / "deploy" / "kafka" / "log4j2.properties"
JARS = REPO / ".cache" / "kafka" / "lib"
# The one Kafka version of local runs, tests, the images, compose and Strimzi's Kafka resource.
KAFKA_VERSION = re.search(r"<kafka.version>([^<]+)</kafka.version>", POM.read_text())[1]  # type: ignore[index]


def fetch_jars() -> Path:
    """Copy the broker and its runtime from Maven Central into .cache once."""
    stamp = JARS / ".pom"
    if stamp.exists() and stamp.read_text() == POM.read_text():
        return JARS
    shutil.rmtree(JARS, ignore_errors=True)
    JARS.mkdir(parents=True)
    subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "-f",
            str(POM),
            "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies",
            f"-DoutputDirectory={JARS}",
            "-DincludeScope=runtime",
        ],
        check=True,
    )
    stamp.write_text(POM.read_text())
    return JARS


class PortTaken(RuntimeError):
    """The broker could not bind a chosen port."""


def new_cluster_id() -> str:
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


@dataclass
class KafkaBroker:
    """One KRaft broker+controller on 127.0.0.1; `data_dir` survives between runs unless thrown away."""

    data_dir: Path
    port: int = 0
    controller_port: int = 0
    proc: subprocess.Popen | None = field(default=None, repr=False)
    _log_start: int = field(default=0, repr=False)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data_dir / "logs" / "server.log"

    @property
    def secrets_dir(self) -> Path:
        return self.data_dir / "secrets"

    @cached_property
    def tls(self) -> BrokerTls:
        return broker_tls(self.secrets_dir)  # made once, then kept: read once per process

    @property
    def admin(self) -> KafkaAccess:
        """The platform's admin principal, the broker's only super user."""
        return self.access(ADMIN)

    def access(self, principal: str) -> KafkaAccess:
        """A principal's access, its password made on first use (its rights are the ACLs' business)."""
        return KafkaAccess(self.bootstrap, principal, self.password(principal), ca_file=self.tls.ca)

    def grant(self, grant: Grant) -> KafkaAccess:
        """Create or update the grant's principal and exactly its ACLs; return its access."""
        access = self.access(grant.principal)
        client = acls.admin_client(self.admin)
        acls.set_password(client, grant.principal, access.password)
        acls.apply_grant(client, grant)
        return access

    def env_file(self, principal: str) -> Path:
        """The principal's PASSERELLE_KAFKA_* variables in a file, for the command line (`env $(cat …)`)."""
        path = self.secrets_dir / f"{principal}.env"
        path.touch(mode=0o600)
        path.write_text("".join(f"{k}={v}\n" for k, v in self.access(principal).environment().items()))
        return path

    def password(self, principal: str) -> str:
        path = self.secrets_dir / "passwords.json"
        passwords = json.loads(path.read_text()) if path.exists() else {}
        if principal not in passwords:
            passwords[principal] = secrets.token_urlsafe(24)
            self.secrets_dir.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(json.dumps(passwords, indent=2))
        return passwords[principal]

    def start(self) -> KafkaBroker:
        jars = fetch_jars()
        chosen_here = not self.port
        self.port = self.port or processes.free_port()
        self.controller_port = self.controller_port or processes.free_port()
        try:
            self._start(jars)
        except PortTaken:
            if not chosen_here:  # clients already know this address: keep it
                raise
            # another process took a port between choosing and binding it: choose again, once
            self.stop()
            self.port, self.controller_port = processes.free_port(), processes.free_port()
            self._start(jars)
        return self

    def _start(self, jars: Path) -> None:
        self._log_start = self.log.stat().st_size if self.log.exists() else 0
        props = self._write_properties()
        self._set_aside_unsecured_log()
        if not (self.data_dir / "kraft" / "meta.properties").exists():
            subprocess.run(
                [
                    "java",
                    "-cp",
                    f"{jars}/*",
                    f"-Dlog4j2.configurationFile={LOG4J}",
                    f"-Dkafka.logs.dir={self.log.parent}",
                    "kafka.tools.StorageTool",
                    "format",
                    f"--cluster-id={new_cluster_id()}",
                    "-c",
                    str(props),
                    "--ignore-formatted",
                    # the admin's SCRAM credentials exist before anything else: the broker itself uses them
                    f"--add-scram=SCRAM-SHA-512=[name={ADMIN},password={self.password(ADMIN)}]",
                ],  # an id may start with "-"
                check=True,
                capture_output=True,
            )
        self.proc = processes.start(
            [
                "java",
                "-Xms256m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                f"-Dkafka.logs.dir={self.log.parent}",
                f"-Dlog4j2.configurationFile={LOG4J}",
                "-cp",
                f"{jars}/*",
                "kafka.Kafka",
                str(props),
            ],
            log=self.data_dir / "logs" / "stdout.log",
        )
        processes.wait_until(self._ready, timeout=90, what="Kafka broker", log=self.log)

    def _set_aside_unsecured_log(self) -> None:
        """A log made by an earlier, unsecured broker has no admin credentials: start a new one beside it."""
        kraft = self.data_dir / "kraft"
        if (kraft / "meta.properties").exists() and not (self.secrets_dir / "formatted").exists():
            aside = self.data_dir / "kraft.unsecured"
            shutil.rmtree(aside, ignore_errors=True)
            kraft.rename(aside)
            log.warning("the Kafka log of an unsecured broker was set aside in %s; a secured one starts empty", aside)
        self.secrets_dir.mkdir(parents=True, exist_ok=True)
        (self.secrets_dir / "formatted").touch()

    def stop(self) -> None:
        processes.stop(self.proc, timeout=30)
        self.proc = None

    def _ready(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            if self.log.exists():
                with open(self.log, errors="replace") as log:
                    log.seek(self._log_start)
                    if "Address already in use" in log.read():
                        raise PortTaken(self.log)
            raise RuntimeError(f"Kafka exited with {self.proc.returncode}; see {self.log}")
        if not processes.port_open(self.port):
            return False
        return asyncio.run(_metadata_ok(self.admin))

    def _write_properties(self) -> Path:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        props = self.data_dir / "server.properties"
        tls, admin = self.tls, self.password(ADMIN)
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"CLIENT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"CLIENT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "CLIENT",
            **security_properties(keystore=str(tls.keystore), ca=str(tls.ca)),
            **credential_properties(keystore_password=tls.keystore_password, admin_password=admin),
            "log.dirs": str(self.data_dir / "kraft"),
            **single_node_properties(),
        }
        props.touch(mode=0o600)  # it holds the admin's password
        props.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        return props


def security_properties(*, keystore: str, ca: str) -> dict[str, str]:
    """How the broker is secured, its secrets aside; compose's broker has the same
    (deploy/compose/kafka/server.properties, which a test compares)."""
    return {
        "listener.security.protocol.map": "CONTROLLER:SASL_SSL,CLIENT:SASL_SSL",
        "listener.name.client.sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "sasl.mechanism.controller.protocol": "PLAIN",
        "ssl.keystore.type": "PKCS12",
        "ssl.keystore.location": keystore,
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": ca,
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found": "false",
        "super.users": f"User:{ADMIN}",
        # a connection authenticates again every 10 minutes: a revoked or rotated password ends it
        "connections.max.reauth.ms": "600000",
    }


def credential_properties(*, keystore_password: str, admin_password: str) -> dict[str, str]:
    """The broker's secrets: its keystore's password, and the admin's, with which it signs in to itself."""
    return {
        "listener.name.client.scram-sha-512.sasl.jaas.config": _jaas("scram.ScramLoginModule", admin_password),
        "listener.name.controller.plain.sasl.jaas.config": _jaas(
            "plain.PlainLoginModule", admin_password, f'user_{ADMIN}="{admin_password}"'
        ),
        "ssl.keystore.password": keystore_password,
        "ssl.key.password": keystore_password,
    }


def admin_client_properties(*, ca: str, admin_password: str) -> dict[str, str]:
    """A Java client's settings (Kafka's own tools, `--command-config`) signed in as the admin."""
    return {
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": "SCRAM-SHA-512",
        "sasl.jaas.config": _jaas("scram.ScramLoginModule", admin_password),
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": ca,
    }


def single_node_properties() -> dict[str, str]:
    """One broker: internal topics with one replica, topics made by `passerelle topics create` only."""
    return {
        "num.partitions": "3",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "5",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "false",
    }


def _jaas(module: str, password: str, *extra: str) -> str:
    options = " ".join((f'username="{ADMIN}"', f'password="{password}"', *extra))
    return f"org.apache.kafka.common.security.{module} required {options};"


async def _metadata_ok(access: KafkaAccess) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**access.aiokafka(), request_timeout_ms=3000)
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except Exception:
        return False
    finally:
        await admin.close()
