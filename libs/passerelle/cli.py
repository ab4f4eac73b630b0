"""`passerelle`: the operator's command line — keys, tokens, tenants, topics, migrations, dead letters,
and the commands a service adds (reporting's rebuild) through the `passerelle.commands` entry points."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from importlib.metadata import entry_points
from pathlib import Path

from passerelle.auth import Role, generate_key_pair, mint_token
from passerelle.crypto import new_tenant_key, rotate_tenant_key
from passerelle.messaging import dead_letters, grants_command, subscribers
from passerelle.messaging.access import KafkaAccess
from passerelle.privacy import register

DEFAULT_KEYS = Path(".data/keys")


def init_keys(directory: Path) -> tuple[Path, Path]:
    """Create the token signing key pair once; return (private, public) paths."""
    private, public = directory / "jwt-private.pem", directory / "jwt-public.pem"
    if not private.exists():
        directory.mkdir(parents=True, exist_ok=True)
        private_pem, public_pem = generate_key_pair()
        private.touch(mode=0o600)
        private.write_bytes(private_pem)
        public.write_bytes(public_pem)
    return private, public


async def register_tenant(kafka: KafkaAccess, *, tenant_id: str, name: str, postal_codes: list[str]) -> None:
    """Announce a tenant to every service (tenant.registered on the tenants topic)."""
    from aiokafka import AIOKafkaProducer

    from passerelle.contracts import Envelope
    from passerelle.contracts.events import TenantRegistered

    payload = TenantRegistered(tenant_id=tenant_id, name=name, postal_codes=tuple(postal_codes))
    envelope = Envelope.wrap(
        payload, source="/passerelle/cli", subject=tenant_id, tenant=tenant_id, correlation_id=f"cli-{tenant_id}"
    )
    producer = AIOKafkaProducer(**kafka.aiokafka(), enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(
            payload.topic,
            envelope.kafka_value(),
            key=tenant_id.encode(),
            headers=[(k, v.encode()) for k, v in envelope.kafka_headers().items()],
        )
    finally:
        await producer.stop()


async def rewrap_person_keys(url: str, keys_dir: Path, tenant: str) -> int:
    """After a rotation: the tenant's persons' keys wrapped with its new key."""
    from passerelle.crypto import TenantKeyring
    from passerelle.keystore import KeyStore

    keystore = KeyStore(url, TenantKeyring(keys_dir))
    try:
        return await keystore.rewrap(tenant)
    finally:
        await keystore.dispose()


def parse_postal_codes(text: str) -> list[str]:
    """The comma-separated postal codes of a territory; a code that is not exactly five digits is
    refused whole, never cut (PostgreSQL would keep "38200" of "38200;38780")."""
    codes = [code.strip() for code in text.split(",") if code.strip()]
    for code in codes:
        if not re.fullmatch(r"\d{5}", code):
            raise ValueError(
                f"--postal-codes: {code!r} is not a postal code; give five digits each, "
                "separated by commas (38200,38780)"
            )
    return codes


def _private_key(args) -> bytes:
    path = Path(args.private_key or DEFAULT_KEYS / "jwt-private.pem")
    if not path.exists():
        sys.exit(f"no signing key at {path}: run `passerelle keys init` or start the platform with bin/run")
    return path.read_bytes()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="passerelle", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    keys = commands.add_parser("keys", help="create the token signing key pair")
    keys.add_argument("action", choices=["init"])
    keys.add_argument("--dir", type=Path, default=DEFAULT_KEYS)

    token = commands.add_parser(
        "token",
        help="mint a development token (local runs: services started with PASSERELLE_DEV_TOKENS_KEY_FILE)",
    )
    token.add_argument("--role", required=True, choices=[r.value for r in Role], action="append")
    token.add_argument("--tenant", help="tenant slug (not for operators)")
    token.add_argument("--sub", help="user id; defaults to ROLE@TENANT")
    token.add_argument("--ttl", type=int, default=8 * 3600, help="lifetime in seconds")
    token.add_argument("--private-key", help="PEM file; default .data/keys/jwt-private.pem (bin/run's)")

    tenant = commands.add_parser("tenant", help="register a tenant")
    tenant.add_argument("action", choices=["create", "rotate-key"])
    tenant.add_argument("slug")
    tenant.add_argument("--name", help="required to create")
    tenant.add_argument("--postal-codes", default="", help="comma-separated postal codes of its territory")
    tenant.add_argument("--bootstrap", default=os.environ.get("PASSERELLE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    tenant.add_argument(
        "--keys-dir",
        type=Path,
        default=Path(os.environ.get("PASSERELLE_TENANT_KEYS_DIR", DEFAULT_KEYS / "tenants")),
        help="where the tenant's encryption key is created (never in the repository)",
    )

    topics_cmd = commands.add_parser("topics", help="create the platform's Kafka topics if missing")
    topics_cmd.add_argument("action", choices=["create"])
    topics_cmd.add_argument("--bootstrap", default=os.environ.get("PASSERELLE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    topics_cmd.add_argument("--partitions", type=int, default=3)
    topics_cmd.add_argument("--replication", type=int, default=1)

    migrate = commands.add_parser("migrate", help="upgrade a service's database (PASSERELLE_DATABASE_URL)")
    migrate.add_argument("service", choices=["referral", "cases", "outreach", "reporting"])

    bootstrap = os.environ.get("PASSERELLE_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    dead_letters.register_command(commands, bootstrap)
    grants_command.register_command(commands, bootstrap)
    subscribers.register_command(commands, bootstrap)
    register.register_command(commands)
    for service_command in entry_points(group="passerelle.commands"):
        service_command.load()(commands, bootstrap)

    args = parser.parse_args(argv)
    if hasattr(args, "run"):  # a service's command
        args.run(args)
        return
    if args.command == "keys":
        private, public = init_keys(args.dir)
        print(f"private key: {private}\npublic key:  {public}")
    elif args.command == "token":
        roles = [Role(r) for r in args.role]
        if args.tenant is None and roles != [Role.OPERATOR]:
            sys.exit("--tenant is required for every role but operator")
        subject = args.sub or f"{roles[0]}@{args.tenant or 'departement'}"
        print(mint_token(_private_key(args), subject=subject, tenant=args.tenant, roles=roles, ttl_seconds=args.ttl))
    elif args.command == "tenant" and args.action == "rotate-key":
        url = os.environ.get("PASSERELLE_KEYSTORE_URL")
        if not url:
            sys.exit("PASSERELLE_KEYSTORE_URL is required: the persons' keys are rewrapped with the new tenant key")
        new = rotate_tenant_key(args.keys_dir, args.slug)
        rewrapped = asyncio.run(rewrap_person_keys(url, args.keys_dir, args.slug))
        print(
            f"tenant {args.slug}: new key {new}; {rewrapped} persons' keys wrapped with it in the key store (the "
            "log is not touched); the former key is kept for what it sealed before keys per person. Copy the "
            "folder to the services (docs/operations.md)."
        )
    elif args.command == "tenant":
        if not args.name:
            sys.exit("--name is required to create a tenant")
        try:
            codes = parse_postal_codes(args.postal_codes)
        except ValueError as exc:
            sys.exit(str(exc))
        key = new_tenant_key(args.keys_dir, args.slug)
        kafka = KafkaAccess.from_env(bootstrap=args.bootstrap)
        asyncio.run(register_tenant(kafka, tenant_id=args.slug, name=args.name, postal_codes=codes))
        print(f"tenant {args.slug} registered; its key is {key}")
    elif args.command == "topics":
        from passerelle.messaging.kafka import ensure_topics

        kafka = KafkaAccess.from_env(bootstrap=args.bootstrap)
        asyncio.run(ensure_topics(kafka, partitions=args.partitions, replication=args.replication))
        print("topics ready")
    elif args.command == "migrate":
        from passerelle.migrations import upgrade

        upgrade(args.service, os.environ["PASSERELLE_DATABASE_URL"])
    elif args.command == "dead-letters":
        print(asyncio.run(dead_letters.run_command(args)))


if __name__ == "__main__":
    main()
