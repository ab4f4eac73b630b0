"""`bin/compose-secrets`: the Kafka secrets of the compose deployment, made on the host, never committed.

In deploy/compose/secrets/kafka/ (the broker's, mounted in `kafka` and `kafka-setup`): the local CA
and the broker's keystore (`devstack.certificates.broker_tls`), the admin principal's password, the
cluster's id, the broker's secret settings and the admin's client settings (the healthcheck). In
deploy/compose/secrets/kafka-ca/: the CA alone, which the services trust. In deploy/compose/.env:
each service's password, `KAFKA_PASSWORD_<SERVICE>`, where it is empty or missing.

What exists is kept: the broker's log was formatted with the admin's password and the services'
were given to the broker, so a new one would lock them out. The settings derived from them are
written again at each run.
"""

from __future__ import annotations

import argparse
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from devstack.certificates import broker_tls
from devstack.kafka import admin_client_properties, credential_properties, new_cluster_id
from passerelle.contracts.grants import ADMIN, SERVICES

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose"
IN_BROKER = PurePosixPath("/etc/kafka/secrets")  # where compose mounts secrets/kafka in the broker


def env_variable(service: str) -> str:
    """The .env variable of a service's Kafka password (compose.yaml passes it on)."""
    return f"KAFKA_PASSWORD_{service.upper()}"


def make(compose: Path = COMPOSE) -> list[str]:
    """Everything the compose broker and its clients need; returns what was made rather than kept."""
    shared, folder, ca_only = compose / "secrets", compose / "secrets" / "kafka", compose / "secrets" / "kafka-ca"
    if not (compose / ".env").exists():
        raise SystemExit(f"{compose / '.env'} is missing: copy env.example there first, then set its values")
    shared.mkdir(exist_ok=True)
    shared.chmod(0o700)  # the host user's alone (the containers see the folders below, not this one)
    made = [] if (folder / "ca.pem").exists() else ["the CA and the broker's keystore"]
    tls = broker_tls(folder)
    admin, new_admin = _kept(folder / "admin.password", lambda: secrets.token_urlsafe(24))
    if new_admin:
        made.append("the admin's password")
    if _kept(folder / "cluster.id", new_cluster_id)[1]:
        made.append("the cluster's id")
    _write_properties(
        folder / "credentials.properties",
        credential_properties(keystore_password=tls.keystore_password, admin_password=admin),
    )
    _write_properties(
        folder / "admin-client.properties",  # the broker's healthcheck signs in as the admin
        admin_client_properties(ca=str(IN_BROKER / "ca.pem"), admin_password=admin),
    )
    ca_only.mkdir(exist_ok=True)
    shutil.copyfile(tls.ca, ca_only / "ca.pem")
    made += _fill_env(compose / ".env")
    _readable_by_the_containers([folder, ca_only])
    return made


def _kept(path: Path, new: Callable[[], str]) -> tuple[str, bool]:
    if path.exists() and path.read_text().strip():
        return path.read_text().strip(), False
    path.write_text(new())
    return path.read_text(), True


def _write_properties(path: Path, settings: dict[str, str]) -> None:
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))


def _fill_env(env: Path) -> list[str]:
    """Each service's password in .env, where it is missing or empty; any other line is left as it is."""
    text = env.read_text()
    made = []
    for service in SERVICES:
        name, password = env_variable(service), secrets.token_urlsafe(24)
        line = re.compile(rf"^{name}=[ \t]*$", re.MULTILINE)
        if line.search(text):
            text = line.sub(f"{name}={password}", text)
        elif not re.search(rf"^{name}=", text, re.MULTILINE):
            text += ("" if text.endswith("\n") or not text else "\n") + f"{name}={password}\n"
        else:
            continue
        made.append(name)
    env.write_text(text)
    return made


def _readable_by_the_containers(mounted: list[Path]) -> None:
    """The containers' users (not the host's) read the mounted folders, so their files are readable
    by all; the folder above them is the host user's alone, and a bind mount does not cross it."""
    for folder in mounted:
        folder.chmod(0o755)
        for file in folder.iterdir():
            file.chmod(0o644)


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    made = make()
    print(f"made: {', '.join(made)}" if made else "nothing to make: every secret exists")
    print(f"principals: {ADMIN} (the broker's super user), " + ", ".join(g.principal for g in SERVICES.values()))


if __name__ == "__main__":
    main()
