"""A real Apache Kafka broker (KRaft, single node) from Maven Central jars, for local runs and tests."""

from __future__ import annotations

import asyncio
import base64
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from devstack import processes

REPO = Path(__file__).resolve().parents[2]
POM = REPO / "deploy" / "kafka" / "pom.xml"
LOG4J = REPO / "deploy" / "kafka" / "log4j2.properties"
JARS = REPO / ".cache" / "kafka" / "lib"


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
        return asyncio.run(_metadata_ok(self.bootstrap))

    def _write_properties(self) -> Path:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        props = self.data_dir / "server.properties"
        settings = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self.controller_port}",
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs": str(self.data_dir / "kraft"),
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
        props.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        return props


async def _metadata_ok(bootstrap: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await admin.start()
        await admin.describe_cluster()
        return True
    except Exception:
        return False
    finally:
        await admin.close()
