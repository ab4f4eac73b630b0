"""A real Docker engine for the images and the container tier: the one already answering (DOCKER_HOST or
the usual socket), or Debian's `dockerd` started here with directories of its own (overlay2 storage,
else vfs; no bridge, no iptables: containers use the host's network and bind 127.0.0.1 only).

Its home is the machine's, not a checkout's (`~/.cache/passerelle/docker`, or PASSERELLE_DOCKER_HOME):
the base images' stand-ins, the images and the build cache made once serve every clone on the machine.

`engine()` answers with the DOCKER_HOST to use, or raises EngineUnavailable with the reason in one line.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from devstack import processes

REPO = Path(__file__).resolve().parents[2]
HOME = Path(os.environ.get("PASSERELLE_DOCKER_HOME", Path.home() / ".cache" / "passerelle" / "docker"))
# The engine's exec-root holds Unix sockets, whose paths may not exceed 108 bytes: keep it short.
EXEC_ROOT = Path("/run/passerelle-docker")
# overlay2 shares the layers; vfs, the fallback where overlay cannot mount, copies each layer whole
# (a service's image of 15 layers would take 10 GB, and each container a copy of its image).
STORAGE_DRIVERS = ("overlay2", "vfs")


class EngineUnavailable(RuntimeError):
    """No Docker engine can be had on this machine; the message says why, in one line."""


def cli() -> str:
    """Debian's client beside Debian's engine: it builds with BuildKit by itself, where a newer client wants
    the buildx plugin (the classic builder copies the whole image at every step with vfs storage)."""
    return "/usr/bin/docker" if Path("/usr/bin/docker").exists() else shutil.which("docker") or "docker"


def answers(host: str) -> bool:
    if not Path(cli()).exists() and shutil.which(cli()) is None:
        return False
    done = subprocess.run(
        [cli(), "version", "--format", "{{.Server.Version}}"],
        env={**os.environ, "DOCKER_HOST": host},
        capture_output=True,
        timeout=20,
    )
    return done.returncode == 0


def answering() -> str | None:
    """The DOCKER_HOST of an engine that answers now, if any."""
    for host in (os.environ.get("DOCKER_HOST"), "unix:///var/run/docker.sock", f"unix://{HOME}/docker.sock"):
        if host and answers(host):
            return host
    return None


def engine() -> str:
    """The DOCKER_HOST of an engine that answers; started here if none does."""
    return answering() or start()


def start() -> str:
    dockerd = shutil.which("dockerd") or "/usr/sbin/dockerd"
    if not Path(dockerd).exists():
        raise EngineUnavailable("no dockerd: `apt-get install docker.io` (bin/bootstrap tests does it)")
    if os.geteuid() != 0:
        raise EngineUnavailable("dockerd needs root here, and no engine answers on DOCKER_HOST or /var/run/docker.sock")
    HOME.mkdir(parents=True, exist_ok=True)
    EXEC_ROOT.mkdir(parents=True, exist_ok=True)
    host = f"unix://{HOME}/docker.sock"
    for driver in STORAGE_DRIVERS:
        (HOME / "docker.sock").unlink(missing_ok=True)
        daemon = processes.start(
            [
                dockerd,
                f"--storage-driver={driver}",
                "--iptables=false",
                "--ip6tables=false",
                "--bridge=none",
                f"--data-root={HOME / f'root-{driver}'}",  # one per driver: neither reads the other's
                f"--exec-root={EXEC_ROOT}",
                f"--pidfile={HOME / 'dockerd.pid'}",
                f"--host={host}",
            ],
            log=HOME / "dockerd.log",
        )  # in its own session: bin/images leaves it running for the next build; the test tier stops it
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and daemon.poll() is None:
            if answers(host):
                return host
            time.sleep(0.5)
        if daemon.poll() is None:
            break  # running but silent: another driver would not help
    tail = "\n".join((HOME / "dockerd.log").read_text(errors="replace").splitlines()[-5:])
    raise EngineUnavailable(f"dockerd did not answer within 60 s: {tail}")


def stop() -> None:
    """Stop the engine `start` started (its images and build cache stay, for the next start)."""
    pidfile = HOME / "dockerd.pid"
    if pidfile.exists():
        try:
            os.kill(int(pidfile.read_text()), signal.SIGTERM)
        except (ProcessLookupError, ValueError):
            return
        deadline = time.monotonic() + 30
        while pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
