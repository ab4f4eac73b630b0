"""The reverse proxy (nginx from Debian) that serves every service on one origin."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from devstack import processes

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "passerelle.conf.template"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is missing: run bin/bootstrap (it installs Debian's nginx-light)")
    return found


@dataclass
class ReverseProxy:
    data_dir: Path
    upstreams: dict[str, str]  # service → host:port
    port: int = 0
    proc: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ReverseProxy:
        self.port = self.port or processes.free_port()
        temp = self.data_dir / "temp"
        temp.mkdir(parents=True, exist_ok=True)
        config = self.data_dir / "nginx.conf"
        config.write_text(
            Template(TEMPLATE.read_text()).safe_substitute(
                PID_FILE=self.data_dir / "nginx.pid",
                ERROR_LOG=self.data_dir / "error.log",
                TEMP_DIR=temp,
                LISTEN=f"127.0.0.1:{self.port}",
                USER_DIRECTIVE="user root;" if os.geteuid() == 0 else "",
                TRUSTED_PROXY_DIRECTIVE="",  # clients connect to this proxy directly
                **{f"{name.upper()}_UPSTREAM": address for name, address in self.upstreams.items()},
            )
        )
        self.proc = processes.start(
            [nginx_binary(), "-c", str(config), "-p", str(self.data_dir)], log=self.data_dir / "nginx.log"
        )
        processes.wait_until(
            lambda: self._alive() and processes.port_open(self.port),
            timeout=20,
            what="nginx",
            log=self.data_dir / "error.log",
        )
        return self

    def stop(self) -> None:
        processes.stop(self.proc, sig=15, timeout=10)
        self.proc = None

    def _alive(self) -> bool:
        if self.proc and self.proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {self.proc.returncode}; see {self.data_dir / 'error.log'}")
        return True
