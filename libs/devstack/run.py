"""`bin/run`: the platform on this machine with its data kept in .data/, until Ctrl-C.
`bin/run --containers`: the same from the images, as compose runs them (devstack.compose_stack)."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import time
from pathlib import Path

from devstack import demo
from devstack.demo_identities import (
    DemoUser,
    create_demo_kafka_subscribers,
    create_demo_subscribers,
    create_demo_users,
)
from devstack.platform import SERVICES, Platform
from passerelle.auth import Role, mint_token
from passerelle.cli import register_tenant
from passerelle.contracts import grants
from passerelle.crypto import new_tenant_key

DEMO_TENANTS = {
    "cpts-ecegec": ("CPTS Entre Cèze et Gardon en Cévennes", ["30110", "30340", "30360", "30500", "30960"]),
    "ville-grenoble": ("Ville de Grenoble — Direction Santé Publique", ["38000", "38100"]),
}
TENANT_ROLES = (Role.REFERRER, Role.MEDIATOR, Role.COORDINATOR, Role.SUBSCRIBER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(".data"), help="where the platform keeps its data")
    parser.add_argument(
        "--port-base",
        type=int,
        default=int(os.environ.get("PASSERELLE_PORT_BASE", 8000)),
        help="pages on BASE (one origin), services' own ports BASE+1..BASE+4",
    )
    parser.add_argument(
        "--containers",
        action="store_true",
        help="the compose stack instead (deploy/compose: the images, on a Docker engine started if need be)",
    )
    args = parser.parse_args()
    if args.containers:
        from devstack import compose_stack  # it prints this module's welcome

        return compose_stack.main(args.data.resolve())
    ports = {name: args.port_base + i for i, name in enumerate(SERVICES, start=1)}
    platform = Platform(
        args.data.resolve(),
        kafka_port=int(os.environ.get("PASSERELLE_KAFKA_PORT", 9092)),
        postgres_port=int(os.environ.get("PASSERELLE_POSTGRES_PORT", 5433)),
        service_ports=ports,
        proxy_port=args.port_base,
        keycloak_port=int(os.environ.get("PASSERELLE_KEYCLOAK_PORT", 8180)),
    )
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)  # also when started with SIGINT ignored (a background job)
    started = time.monotonic()
    try:
        print("Starting Kafka, PostgreSQL, Keycloak and the four services…", flush=True)
        platform.start()
        assert platform.kafka and platform.postgres
        for slug, (name, codes) in DEMO_TENANTS.items():
            new_tenant_key(platform.tenant_keys_dir, slug)
            asyncio.run(register_tenant(platform.kafka.admin, tenant_id=slug, name=name, postal_codes=codes))
        demo.wait_until_known(platform, DEMO_TENANTS)
        if not (platform.data_dir / "demo-activity").exists():
            print("Entering a year of invented demo activity (once)…", flush=True)
            demo.seed(platform, DEMO_TENANTS)
        users = create_demo_users(platform, list(DEMO_TENANTS))
        subscribers = create_demo_subscribers(platform, list(DEMO_TENANTS))
        kafka_subscribers = create_demo_kafka_subscribers(platform, list(DEMO_TENANTS))
        tokens = write_demo_tokens(platform)
        print_welcome(platform, tokens, time.monotonic() - started)
        print_identities(platform, users, subscribers)
        print_kafka_subscribers(kafka_subscribers)
        admin = platform.kafka.env_file(grants.ADMIN) if platform.kafka else ""
        print(f"  (a new one: env $(cat {admin}) .venv/bin/passerelle subscriber create …)")
        print(f"Logs: {platform.data_dir / 'logs'}.  Ctrl-C stops everything.", flush=True)
        watch(platform)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nStopping…", flush=True)
        platform.stop()
        print("Stopped. Data kept in", args.data)


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def write_demo_tokens(platform: Platform) -> Path:
    private = (platform.keys_dir / "jwt-private.pem").read_bytes()
    lines = []
    for slug in DEMO_TENANTS:
        for role in TENANT_ROLES:
            token = mint_token(private, subject=f"{role}@{slug}", tenant=slug, roles=[role], ttl_seconds=7 * 86400)
            lines.append(f"{slug.upper().replace('-', '_')}_{role.upper()}={token}")
    token = mint_token(
        private, subject="operator@departement", tenant=None, roles=[Role.OPERATOR], ttl_seconds=7 * 86400
    )
    lines.append(f"OPERATOR={token}")
    path = platform.data_dir / "demo-tokens.env"
    path.write_text("\n".join(lines) + "\n")
    return path


def print_welcome(platform: Platform, tokens: Path, seconds: float) -> None:
    print_pages(platform.origin, {name: platform.url(name) for name in SERVICES}, seconds)
    origin = platform.origin
    assert platform.kafka and platform.postgres
    print(
        f"\nKafka on {platform.kafka.bootstrap} (SASL SCRAM-SHA-512 over TLS, CA {platform.kafka.tls.ca}; the admin's "
        f"variables in {platform.kafka.env_file(grants.ADMIN)}), PostgreSQL on 127.0.0.1:{platform.postgres.port}."
    )
    print(f"Demo tenants: {', '.join(DEMO_TENANTS)}; API tokens of one user per role, plus an operator, in {tokens}")
    print(f'  (source {tokens}; curl -H "Authorization: Bearer $CPTS_ECEGEC_MEDIATOR" {origin}/referral/referrals)')
    print(
        "Another development token: .venv/bin/passerelle token --tenant cpts-ecegec --role mediator "
        f"--private-key {platform.keys_dir / 'jwt-private.pem'}"
    )
    print(f"Rebuild reporting: {rebuild_command(platform)}")
    if platform.mail:
        print(f"Mail to referrers: SMTP on 127.0.0.1:{platform.mail.port}, what arrived in {platform.mail.maildir}")


def print_pages(origin: str, services: dict[str, str], seconds: float) -> None:
    """The welcome's first part, the same for both stacks: where the pages and the APIs are."""
    print(f"\nPasserelle is up ({seconds:.0f}s). Open {origin}/\n")
    print(f"  sign in (Keycloak)       {origin}/referral/connexion")
    print(f"  mediator's inbox         {origin}/referral/orientations")
    for slug in DEMO_TENANTS:
        print(f"  public fiche, {slug:<10} {origin}/referral/fiche/{slug}")
    print(f"  tracking a referral      {origin}/referral/suivi")
    print(f"  outreach (maraudes)      {origin}/outreach/aller-vers")
    print(f"  indicators, coordinators {origin}/reporting/indicateurs  (annual report: /reporting/rapport)")
    print(f"  département, operators   {origin}/reporting/departement")
    print("\n  APIs (OpenAPI pages; /readyz, /metrics on the services' own ports):")
    for name, url in services.items():
        print(f"  {name:<10} {origin}/{name}/docs   ready: {url}/readyz")


def print_identities(platform: Platform, users: list[DemoUser], subscribers: Path) -> None:
    assert platform.keycloak
    admin_password = f"in {platform.keycloak.data_dir / 'admin-password'}"
    print_people(platform.origin, platform.data_dir, platform.keycloak.url, admin_password, users, subscribers)


def print_people(
    origin: str, data_dir: Path, keycloak: str, admin_password: str, users: list[DemoUser], subscribers: Path
) -> None:
    """The demo people, the same for both stacks: who signs in, with what, on which Keycloak."""
    print(f"\nSign in from {origin}/referral/connexion on Keycloak's page, as one of (password kept in")
    print(f"{data_dir / 'demo-users.txt'}):")
    for user in users:
        print(f"  {user.username:<27} {user.password:<13} {user.role:<12} {user.tenant or 'département'}")
    print(f"Keycloak {keycloak} (realm passerelle, issuer {keycloak}/realms/passerelle);")
    print(f"  admin console {keycloak}/admin/ as admin, password {admin_password}")
    print(f"Subscribers' machine clients (client credentials): ids and secrets in {subscribers}", flush=True)


def print_kafka_subscribers(files: dict[str, Path]) -> None:
    print("Indicator subscribers on Kafka (SASL SCRAM-SHA-512 over TLS), each reading its tenant's topic only:")
    for slug, path in files.items():
        print(f"  bin/kcat -F {path} -C -G bi-{slug}.demo passerelle.indicators.{slug} -f '%k %s\\n'")


def rebuild_command(platform: Platform) -> str:
    """Reporting's rebuild of this stack: its database and its broker, whatever their ports (with
    the default broker address, it would replay another stack's events, or none)."""
    assert platform.kafka and platform.postgres, "the platform is not started"
    credentials = platform.kafka.env_file(grants.SERVICES["reporting"].principal)
    return (
        f"env $(cat {credentials}) PASSERELLE_DATABASE_URL={platform.postgres.url('reporting')} "
        f".venv/bin/passerelle reporting rebuild --bootstrap {platform.kafka.bootstrap}"
    )


def watch(platform: Platform) -> None:
    """Keep the services up: one that exits is reported and started again."""
    while True:
        time.sleep(1)
        for name, proc in list(platform.services.items()):
            if proc.poll() is not None:
                print(f"{name} exited ({proc.returncode}); restarting — see {platform.log(name)}", flush=True)
                platform.start_service(name)


if __name__ == "__main__":
    main()
