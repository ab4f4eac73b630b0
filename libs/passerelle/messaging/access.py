"""How a Passerelle client reaches the broker: SASL SCRAM-SHA-512 over TLS, the only way in.

One value names the address and the principal; each Kafka library gets it in its own words
(aiokafka and FastStream in the services, librdkafka for kcat and the admin operations).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from faststream.security import SASLScram512

MECHANISM = "SCRAM-SHA-512"
PROTOCOL = "SASL_SSL"


@dataclass(frozen=True)
class KafkaAccess:
    """The broker's address and one principal's credentials; `ca_file` None trusts the system's CAs."""

    bootstrap: str
    username: str
    password: str = field(repr=False)
    ca_file: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, *, bootstrap: str | None = None) -> KafkaAccess:
        """The operator's command line: PASSERELLE_KAFKA_BOOTSTRAP, _USERNAME, _PASSWORD, _CA_FILE."""
        missing = [name for name in ("USERNAME", "PASSWORD") if not environ.get(f"PASSERELLE_KAFKA_{name}")]
        if missing:
            names = ", ".join(f"PASSERELLE_KAFKA_{name}" for name in missing)
            raise SystemExit(f"{names}: the broker accepts authenticated clients only (docs/configuration.md)")
        ca = environ.get("PASSERELLE_KAFKA_CA_FILE")
        return cls(
            bootstrap=bootstrap or environ.get("PASSERELLE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
            username=environ["PASSERELLE_KAFKA_USERNAME"],
            password=environ["PASSERELLE_KAFKA_PASSWORD"],
            ca_file=Path(ca) if ca else None,
        )

    def as_user(self, username: str, password: str) -> KafkaAccess:
        return replace(self, username=username, password=password)

    def at(self, bootstrap: str) -> KafkaAccess:
        return replace(self, bootstrap=bootstrap)

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)

    def aiokafka(self) -> dict[str, Any]:
        """Keyword arguments of AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
        return {
            "bootstrap_servers": self.bootstrap,
            "security_protocol": PROTOCOL,
            "sasl_mechanism": MECHANISM,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password,
            "ssl_context": self.ssl_context(),
        }

    def faststream(self) -> SASLScram512:
        return SASLScram512(username=self.username, password=self.password, ssl_context=self.ssl_context())

    def librdkafka(self) -> dict[str, str]:
        """The configuration of librdkafka's clients: confluent-kafka, kcat (`-F file`)."""
        config = {
            "bootstrap.servers": self.bootstrap,
            "security.protocol": PROTOCOL,
            "sasl.mechanisms": MECHANISM,
            "sasl.username": self.username,
            "sasl.password": self.password,
        }
        if self.ca_file:
            config["ssl.ca.location"] = str(self.ca_file)
        return config

    def environment(self) -> dict[str, str]:
        """The PASSERELLE_KAFKA_* variables that name this access (a service, the command line)."""
        env = {
            "PASSERELLE_KAFKA_BOOTSTRAP": self.bootstrap,
            "PASSERELLE_KAFKA_USERNAME": self.username,
            "PASSERELLE_KAFKA_PASSWORD": self.password,
        }
        if self.ca_file:
            env["PASSERELLE_KAFKA_CA_FILE"] = str(self.ca_file)
        return env
