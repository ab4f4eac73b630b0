"""`passerelle reporting rebuild`: reporting's own command, added to the operator's command line
through the `passerelle.commands` entry point (pyproject.toml), so the shared library imports no service."""

from __future__ import annotations

import asyncio
import os
import sys

from passerelle.messaging.access import KafkaAccess
from reporting.service_layer.rebuild import RebuildRefused, rebuild


def register_command(commands, default_bootstrap: str) -> None:
    command = commands.add_parser("reporting", help="rebuild reporting's projections from the event log")
    command.add_argument("action", choices=["rebuild"])
    command.add_argument(
        "--database-url",
        default=os.environ.get("PASSERELLE_DATABASE_URL"),
        help="reporting's database; default PASSERELLE_DATABASE_URL",
    )
    command.add_argument("--bootstrap", default=default_bootstrap)
    command.set_defaults(run=run_command)


def run_command(args) -> None:
    if not args.database_url:
        sys.exit("--database-url (or PASSERELLE_DATABASE_URL) is required: reporting's database")
    try:
        asyncio.run(rebuild(args.database_url, KafkaAccess.from_env(bootstrap=args.bootstrap)))
    except RebuildRefused as exc:
        sys.exit(str(exc))
