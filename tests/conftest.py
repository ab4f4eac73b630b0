"""One real platform (Kafka, PostgreSQL, four services) for the whole test session, on throwaway data."""

from __future__ import annotations

import pytest

from devstack.platform import Platform
from tests.support import TenantClient, new_tenant


@pytest.fixture(scope="session")
def platform(tmp_path_factory) -> Platform:
    running = Platform(tmp_path_factory.mktemp("platform"))
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def tenant_a(platform) -> TenantClient:
    return new_tenant(platform)


@pytest.fixture
def tenant_b(platform) -> TenantClient:
    return new_tenant(platform)
