"""Reporting subscribers on the broker: a SCRAM principal that may read one tenant's indicator topic
(or the département's) in consumer groups named `<name>.…`, and nothing else.

The broker is the register: a subscriber is a SCRAM user that is not the platform's, its grant is
its ACLs, its activity its consumer groups. Every call needs the admin principal."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from confluent_kafka import ConsumerGroupState, ConsumerGroupTopicPartitions, TopicPartition
from confluent_kafka.admin import AclOperation, AdminClient, OffsetSpec, ResourceType

from passerelle.contracts import grants, topics
from passerelle.messaging import acls
from passerelle.messaging.access import KafkaAccess


class SubscriberError(Exception):
    """What the operator asked cannot be done; the message says why."""


@dataclass(frozen=True)
class ConsumerGroup:
    name: str
    members: int
    committed: int  # the sum of its committed offsets: it moves when the subscriber reads
    lag: int | None  # records of the granted topic not yet read; None before a first commit


@dataclass(frozen=True)
class Subscriber:
    name: str
    topics: tuple[str, ...]
    groups: tuple[ConsumerGroup, ...]

    @property
    def grant(self) -> str:
        """`tenant <slug>` or `département`, as the operator granted it."""
        names = [t.removeprefix(topics.INDICATORS_PREFIX) for t in self.topics]
        return ", ".join("département" if n == "departement" else f"tenant {n}" for n in names) or "aucun"

    @property
    def connected(self) -> bool:
        return any(group.members for group in self.groups)


def create(admin: KafkaAccess, name: str, *, tenant: str | None) -> KafkaAccess:
    """A new subscriber and its access (the password is shown once, never kept)."""
    try:
        grant = grants.subscriber_grant(name, tenant=tenant)
    except ValueError as exc:
        raise SubscriberError(str(exc)) from exc
    client = acls.admin_client(admin)
    if name in _active(client):
        raise SubscriberError(f"subscriber {name} exists: `rotate` gives it a new password, `revoke` removes it")
    password = secrets.token_urlsafe(32)
    acls.set_password(client, name, password)
    acls.apply_grant(client, grant)
    return admin.as_user(name, password)


def rotate(admin: KafkaAccess, name: str) -> KafkaAccess:
    """A new password; the former one is refused from the next connection on."""
    client = acls.admin_client(admin)
    _existing(client, name)
    password = secrets.token_urlsafe(32)
    acls.set_password(client, name, password)
    return admin.as_user(name, password)


def revoke(admin: KafkaAccess, name: str) -> None:
    """Its password and its ACLs removed: its requests are refused at once, its next connection too."""
    client = acls.admin_client(admin)
    _existing(client, name)
    acls.lock_out(client, name)


def list_subscribers(admin: KafkaAccess) -> list[Subscriber]:
    client = acls.admin_client(admin)
    names = sorted(_active(client))
    groups = _groups(client)
    return [_describe(client, name, groups) for name in names]


def _platform_principals() -> set[str]:
    return {grants.ADMIN, *(grant.principal for grant in grants.SERVICES.values())}


def _active(client: AdminClient) -> set[str]:
    """Subscribers that may read: a SCRAM user of nobody but the platform's, with its ACLs (a revoked
    one keeps an unknown password and no ACL)."""
    return (acls.scram_users(client) & acls.principals_with_acls(client)) - _platform_principals()


def _existing(client: AdminClient, name: str) -> None:
    if name not in _active(client):
        raise SubscriberError(f"no subscriber {name} (see `passerelle subscriber list`)")


def _groups(client: AdminClient) -> dict[str, int]:
    """Every consumer group and its members' count."""
    listed = client.list_consumer_groups(request_timeout=acls.TIMEOUT).result()
    ids = [g.group_id for g in listed.valid]
    if not ids:
        return {}
    described = client.describe_consumer_groups(ids, request_timeout=acls.TIMEOUT)
    counts = {}
    for group_id, future in described.items():
        description = future.result()
        counts[group_id] = len(description.members) if description.state == ConsumerGroupState.STABLE else 0
    return counts


def granted_topics(admin: KafkaAccess, name: str) -> tuple[str, ...]:
    return _granted(acls.admin_client(admin), name)


def _granted(client: AdminClient, name: str) -> tuple[str, ...]:
    """The topics the subscriber may read, as its ACLs say."""
    bindings = acls.principal_acls(client, name)
    return tuple(
        sorted(b.name for b in bindings if b.restype == ResourceType.TOPIC and b.operation == AclOperation.READ)
    )


def _describe(client: AdminClient, name: str, groups: dict[str, int]) -> Subscriber:
    granted = _granted(client, name)
    own = [group for group in groups if group.startswith(f"{name}.")]
    return Subscriber(
        name=name,
        topics=granted,
        groups=tuple(ConsumerGroup(group, groups[group], *_progress(client, group, granted)) for group in sorted(own)),
    )


def _progress(client: AdminClient, group: str, granted: tuple[str, ...]) -> tuple[int, int | None]:
    """The group's committed offsets on its granted topics, summed, and how far behind their ends it is."""
    request = [ConsumerGroupTopicPartitions(group)]
    [answer] = client.list_consumer_group_offsets(request, request_timeout=acls.TIMEOUT).values()
    committed = [p for p in answer.result().topic_partitions if p.topic in granted and p.offset >= 0]
    if not committed:
        return 0, None
    ends = client.list_offsets(
        {TopicPartition(p.topic, p.partition): OffsetSpec.latest() for p in committed},
        request_timeout=acls.TIMEOUT,
    )
    latest = {(tp.topic, tp.partition): future.result().offset for tp, future in ends.items()}
    behind = sum(max(latest[(p.topic, p.partition)] - p.offset, 0) for p in committed)
    return sum(p.offset for p in committed), behind


def client_configuration(access: KafkaAccess, *, topic: str) -> str:
    """What a subscriber is given, once: librdkafka's properties (kcat -F, confluent-kafka) and Java's."""
    librdkafka = "\n".join(f"{key}={value}" for key, value in access.librdkafka().items())
    jaas = (
        "org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{access.username}" password="{access.password}";'
    )
    ca = access.ca_file.read_text().strip() if access.ca_file else "(the brokers' certificate is publicly trusted)"
    return "\n".join(
        [
            f"# Passerelle subscriber {access.username}: topic {topic}; consumer groups must begin with "
            f"'{access.username}.'",
            "# The password is shown this once: keep it in a password manager.",
            "# librdkafka (kcat -F <this file>, confluent-kafka):",
            librdkafka,
            "# Java clients and Kafka's own tools:",
            f"#   bootstrap.servers={access.bootstrap}",
            "#   security.protocol=SASL_SSL",
            "#   sasl.mechanism=SCRAM-SHA-512",
            f"#   sasl.jaas.config={jaas}",
            "#   ssl.truststore.type=PEM",
            "#   ssl.truststore.location=<the CA below, saved as ca.pem>",
            "# The CA that signed the brokers' certificate:",
            *(f"#   {line}" for line in ca.splitlines()),
            "",
        ]
    )


def register_command(commands, default_bootstrap: str) -> None:
    """`passerelle subscriber create|list|revoke|rotate`, with the admin's PASSERELLE_KAFKA_* variables."""
    command = commands.add_parser(
        "subscriber", help="reporting subscribers' Kafka access: create, list, revoke, rotate"
    )
    command.add_argument("action", choices=["create", "list", "revoke", "rotate"])
    command.add_argument("name", nargs="?", help="the subscriber (ars-auvergne-rhone-alpes); all but list")
    granted = command.add_mutually_exclusive_group()
    granted.add_argument("--tenant", help="create: the tenant whose indicator topic it reads")
    granted.add_argument("--departement", action="store_true", help="create: the département's topic instead")
    command.add_argument("--bootstrap", default=default_bootstrap)
    command.set_defaults(run=run_command)


def run_command(args) -> None:
    admin = KafkaAccess.from_env(bootstrap=args.bootstrap)
    try:
        print(_answer(admin, args), end="")
    except SubscriberError as exc:
        raise SystemExit(str(exc)) from exc


def _answer(admin: KafkaAccess, args) -> str:
    if args.action == "list":
        return _table(list_subscribers(admin))
    if not args.name:
        raise SubscriberError(f"name the subscriber: passerelle subscriber {args.action} NAME")
    if args.action == "create":
        if not (args.tenant or args.departement):
            raise SubscriberError("say what it reads: --tenant SLUG or --departement")
        access = create(admin, args.name, tenant=args.tenant)
        return client_configuration(access, topic=_topic(args.tenant))
    if args.action == "rotate":
        granted = granted_topics(admin, args.name)  # before: a name that is no subscriber has none
        access = rotate(admin, args.name)
        return client_configuration(access, topic=", ".join(granted))
    revoke(admin, args.name)
    return f"subscriber {args.name} revoked: its requests are refused from now on, its next connection too\n"


def _topic(tenant: str | None) -> str:
    return topics.indicators_topic(tenant) if tenant else topics.INDICATORS_DEPARTEMENT


def _table(subscribers: list[Subscriber]) -> str:
    lines = ["subscriber\tgrant\tconsumer groups (members, lag)"]
    for s in subscribers:
        groups = ", ".join(f"{g.name} ({g.members}, {'-' if g.lag is None else g.lag})" for g in s.groups)
        lines.append(f"{s.name}\t{s.grant}\t{groups or 'none yet'}")
    return "\n".join(lines) + "\n"
