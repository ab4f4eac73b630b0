"""`passerelle grants strimzi|markdown|apply`: the services' broker rights (passerelle.contracts.grants)
as Strimzi `KafkaUser` resources, as the table of docs/architecture.md, or applied to a broker
through its Admin API (compose's one-shot step; Kubernetes has Strimzi's User Operator)."""

from __future__ import annotations

import os

import yaml

from passerelle.contracts import grants
from passerelle.messaging import acls
from passerelle.messaging.access import KafkaAccess


def strimzi_users() -> str:
    header = (
        "# The services' Kafka principals and their ACLs, derived from passerelle.contracts.grants:\n"
        "# regenerate with `passerelle grants strimzi > deploy/kubernetes/base/kafka/users.yaml` (a test compares).\n"
        "# Strimzi's User Operator makes each one's SCRAM-SHA-512 password, in a Secret of the user's name.\n"
    )
    users = [grants.strimzi_user(grant) for grant in grants.SERVICES.values()]
    return header + yaml.safe_dump_all(users, sort_keys=False, explicit_start=True)


def password_variable(service: str) -> str:
    return f"PASSERELLE_KAFKA_PASSWORD_{service.upper()}"


def apply_services(admin: KafkaAccess, environ=os.environ) -> list[str]:
    """Each service's principal with the password its variable names, and exactly its ACLs."""
    missing = [password_variable(s) for s in grants.SERVICES if not environ.get(password_variable(s))]
    if missing:
        raise SystemExit(f"{', '.join(missing)}: each service's Kafka password is required")
    client = acls.admin_client(admin)
    for service, grant in grants.SERVICES.items():
        acls.set_password(client, grant.principal, environ[password_variable(service)])
        acls.apply_grant(client, grant)
    return [grant.principal for grant in grants.SERVICES.values()]


def register_command(commands, default_bootstrap: str) -> None:
    command = commands.add_parser("grants", help="the services' Kafka principals and ACLs: print or apply them")
    command.add_argument("action", choices=["strimzi", "markdown", "apply"])
    command.add_argument("--bootstrap", default=default_bootstrap)
    command.set_defaults(run=run_command)


def run_command(args) -> None:
    if args.action == "strimzi":
        print(strimzi_users(), end="")
    elif args.action == "markdown":
        print(grants.markdown_table(), end="")
    else:
        applied = apply_services(KafkaAccess.from_env(bootstrap=args.bootstrap))
        print(f"principals and ACLs applied: {', '.join(applied)}")
