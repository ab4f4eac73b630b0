"""Alembic, the same way for every service: each service's migrations/env.py calls run_migrations.

`python -m passerelle.migrations SERVICE` (or `passerelle migrate SERVICE`) upgrades the database
named by PASSERELLE_DATABASE_URL to the latest revision: a one-shot step run before the service.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from passerelle.messaging import tables as messaging_tables


def run_migrations(service_metadata: MetaData, *shared: MetaData, messaging: bool = True) -> None:
    """Body of a service's migrations/env.py: its own tables, the outbox and inbox (not the key
    store's), and any shared tables it keeps (such as passerelle.registry.metadata)."""
    from alembic import context

    target = [service_metadata, *([messaging_tables.metadata] if messaging else []), *shared]
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "alembic_config() sets the database URL"
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_online(url, target))


async def _run_online(url: str, target: list[MetaData]) -> None:
    from alembic import context

    schemas = {table.schema for metadata in target for table in metadata.tables.values()} - {None}

    def include_name(name, type_, _parent_names) -> bool:
        return type_ != "schema" or name is None or name in schemas  # not a rebuild's spare schemas

    def run(connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=target,
            compare_type=True,
            include_schemas=bool(schemas),
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()

    engine = create_async_engine(url, poolclass=NullPool, hide_parameters=True)
    async with engine.connect() as connection:
        await connection.run_sync(run)
    await engine.dispose()


PACKAGES = {"keystore": "passerelle.keystore"}  # a database that is not a service's


def alembic_config(service_name: str, database_url: str):
    from alembic.config import Config

    package = PACKAGES.get(service_name, service_name)
    package_dir = Path(str(importlib.import_module(package).__file__)).parent
    config = Config()
    config.set_main_option("script_location", str(package_dir / "migrations"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(service_name: str, database_url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(service_name, database_url), revision)


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        sys.exit("usage: python -m passerelle.migrations SERVICE|keystore   (database from PASSERELLE_DATABASE_URL)")
    upgrade(args[0], os.environ["PASSERELLE_DATABASE_URL"])


if __name__ == "__main__":
    main()
