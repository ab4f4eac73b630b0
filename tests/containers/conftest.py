"""The container tier: the services run from their images (bin/images) in containers, on a real Docker
engine started by the project itself when none answers. Where no engine can be had, the tier says why in
one line and the rest of the suite runs."""

from __future__ import annotations

import os

import pytest

from devstack import docker_engine
from devstack.container_platform import ContainerPlatform
from devstack.images import Engine, build_images
from tests.support import TenantClient, new_tenant


@pytest.fixture(scope="session")
def docker_host():
    started_here = docker_engine.answering() is None
    try:
        host = docker_engine.engine()
    except docker_engine.EngineUnavailable as exc:
        pytest.skip(f"container tier not run: {exc}")
    os.environ["DOCKER_HOST"] = host
    try:
        build_images(Engine(host))  # built once, or reused from the engine's build cache
        yield host
    finally:
        if started_here:
            docker_engine.stop()  # nothing of the tier outlives the run


@pytest.fixture(scope="module")
def platform(docker_host, tmp_path_factory):
    """This tier's platform: the same broker, database and identity provider, the services in containers."""
    running = ContainerPlatform(tmp_path_factory.mktemp("containers"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


def tenant_for_containers(platform) -> TenantClient:
    tenant = new_tenant(platform)
    platform.hand_keys_to_containers()  # its new key, readable by the images' user
    return tenant


@pytest.fixture
def tenant_a(platform) -> TenantClient:
    return tenant_for_containers(platform)


@pytest.fixture
def tenant_b(platform) -> TenantClient:
    return tenant_for_containers(platform)
