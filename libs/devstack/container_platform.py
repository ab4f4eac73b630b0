"""The platform with its four services run from their images, in containers (testcontainers), beside the
same broker, PostgreSQL and identity provider as devstack.platform.Platform.

Containers use the host's network and listen on 127.0.0.1, each on a port of its own, as non-root with
a read-only root filesystem; the files a service reads (the development token key, the tenant keys, the
broker's CA) are mounted read-only, handed to the image's user.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

from testcontainers.core.container import DockerContainer

from devstack import processes
from devstack.images import image_name
from devstack.nginx import ReverseProxy
from devstack.platform import Platform

IMAGE_USER = 10001  # services/Dockerfile's passerelle user
MOUNTED = Path("/run/passerelle")


@dataclass
class ServiceContainer:
    """A running service container, answering the few questions Platform asks of a service process."""

    container: DockerContainer
    returncode: int | None = None

    def poll(self) -> int | None:
        wrapped = self.container.get_wrapped_container()
        wrapped.reload()
        if wrapped.status in ("exited", "dead"):
            self.returncode = wrapped.attrs["State"]["ExitCode"]
        return self.returncode


@dataclass
class ContainerPlatform(Platform):
    containers: dict[str, ServiceContainer] = field(default_factory=dict)

    def start(self) -> ContainerPlatform:
        os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")  # its reaper image cannot be pulled here
        super().start()
        return self

    def hand_keys_to_containers(self) -> None:
        """The files the services read, to the image's user (root here reads them all the same)."""
        assert self.kafka and self.kafka.admin.ca_file, "the platform is not started"
        self.tenant_keys_dir.mkdir(parents=True, exist_ok=True)  # mounted before the first tenant's key
        owned = [self.keys_dir / "jwt-public.pem", self.tenant_keys_dir, *self.tenant_keys_dir.glob("*")]
        for path in [*owned, self.kafka.admin.ca_file]:
            os.chown(path, IMAGE_USER, IMAGE_USER)

    def start_service(self, name: str, *, instance: str | None = None, env: dict[str, str] | None = None) -> None:
        self.hand_keys_to_containers()
        key = instance or name
        port = self.service_ports.setdefault(key, processes.free_port())
        environment = {**self.env(name), **(env or {}), "HOST": "127.0.0.1", "PORT": str(port)}
        mounts = {"PASSERELLE_DEV_TOKENS_KEY_FILE": "jwt-public.pem", "PASSERELLE_KAFKA_CA_FILE": "kafka-ca.pem"}
        mounts |= {"PASSERELLE_TENANT_KEYS_DIR": "tenant-keys"}
        container = (
            DockerContainer(image_name(name))
            .with_kwargs(network_mode="host", read_only=True, user=f"{IMAGE_USER}:{IMAGE_USER}")
            .with_tmpfs_mount("/tmp")
        )
        for variable, inside in mounts.items():
            if variable in environment:
                container.with_volume_mapping(environment[variable], str(MOUNTED / inside), "ro")
                environment[variable] = str(MOUNTED / inside)
        self.containers[key] = ServiceContainer(container.with_envs(**environment).start())
        self.services[key] = self.containers[key]  # type: ignore[assignment]  # Platform polls it as a process

    def start_proxy(self, upstreams: dict[str, str]) -> ReverseProxy:
        return ProxyContainer(self.data_dir / "nginx", upstreams, port=self.proxy_port).start()

    def log(self, service: str) -> Path:
        path = super().log(service)
        if service in self.containers:
            out, err = self.containers[service].container.get_logs()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(out + err)
        return path

    def restart_service(self, name: str) -> None:
        """The container stopped (SIGTERM, then its grace) and started again, as an orchestrator does."""
        self.containers[name].container.get_wrapped_container().restart(timeout=20)

    def stop_service(self, name: str, *, sig: int = signal.SIGTERM) -> None:
        self.services.pop(name, None)
        running = self.containers.pop(name, None)
        if running is not None:
            running.container.stop()


@dataclass
class ProxyContainer(ReverseProxy):
    """The reverse proxy from its image (deploy/nginx/Dockerfile), rendering the same template."""

    container: DockerContainer | None = field(default=None, repr=False)

    def start(self) -> ProxyContainer:
        self.port = self.port or processes.free_port()
        settings = {
            "LISTEN": f"127.0.0.1:{self.port}",
            "PID_FILE": "/tmp/nginx.pid",
            "ERROR_LOG": "/dev/stderr",
            "TEMP_DIR": "/tmp",
            **{f"{name.upper()}_UPSTREAM": address for name, address in self.upstreams.items()},
        }
        self.container = (
            DockerContainer(image_name("proxy"))
            .with_kwargs(network_mode="host", read_only=True)
            .with_tmpfs_mount("/tmp")  # the rendered configuration, nginx's pid and temporary files
            .with_envs(**settings)
        )
        self.container.start()
        processes.wait_until(lambda: processes.port_open(self.port), timeout=30, what="the proxy container")
        return self

    def stop(self) -> None:
        if self.container is not None:
            self.container.stop()
            self.container = None
