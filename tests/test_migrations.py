"""Each service's migrations build exactly the schema its models describe (no forgotten migration),
and they can be undone and replayed."""

from __future__ import annotations

import pytest
from alembic import command

from devstack.platform import KEYSTORE, SERVICES
from passerelle.migrations import alembic_config


@pytest.mark.parametrize("service", (*SERVICES, KEYSTORE))
def test_the_migrations_match_the_models_and_replay(platform, service):
    database = f"drift_{service}"
    platform.postgres.create_database(database)
    config = alembic_config(service, platform.postgres.url(database))
    command.upgrade(config, "head")
    command.check(config)  # raises if the models and the migrated schema differ
    command.downgrade(config, "base")
    command.upgrade(config, "head")
