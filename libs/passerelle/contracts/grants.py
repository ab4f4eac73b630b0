"""Who may do what on the broker, written once: the ACLs of the local broker, the Strimzi
`KafkaUser` resources (deploy/kubernetes/base/kafka/users.yaml) and the table of
docs/architecture.md are derived from it (`passerelle grants`), and tests compare them.

A name ending with "." is a prefix: `passerelle.indicators.` is every tenant's indicator topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from passerelle.contracts import topics

ADMIN = "passerelle-admin"  # the platform's operator tools; the broker's only super user
SERVICE_PREFIX = "passerelle-"
SUBSCRIBER_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")


@dataclass(frozen=True)
class Grant:
    """One principal's rights: topics it writes, reads and may create, the consumer groups it joins."""

    principal: str
    writes: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()
    creates: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def is_prefix(name: str) -> bool:
    return name.endswith(".")


SERVICES: dict[str, Grant] = {
    "referral": Grant(
        principal="passerelle-referral",
        writes=(topics.REFERRALS, topics.DEAD_LETTERS),
        reads=(topics.TENANTS, topics.CASES),
        groups=("referral",),
    ),
    "cases": Grant(
        principal="passerelle-cases",
        writes=(topics.CASES, topics.DEAD_LETTERS),
        reads=(topics.REFERRALS, topics.TENANTS, topics.OUTREACH),  # outreach: the partner directory
        groups=("cases",),
    ),
    "outreach": Grant(
        principal="passerelle-outreach",
        writes=(topics.OUTREACH, topics.DEAD_LETTERS),
        reads=(topics.CASES, topics.TENANTS),
        groups=("outreach", "outreach-tenants"),
    ),
    "reporting": Grant(  # alone writes the indicator topics; creates a tenant's own at its first month
        principal="passerelle-reporting",
        writes=(topics.INDICATORS_PREFIX, topics.DEAD_LETTERS),
        reads=(topics.REFERRALS, topics.CASES, topics.OUTREACH, topics.TENANTS),
        creates=(topics.INDICATORS_PREFIX,),
        groups=("reporting", "reporting-tenants"),
    ),
}


def subscriber_grant(name: str, *, tenant: str | None) -> Grant:
    """A reporting subscriber: reads one tenant's indicator topic (or the département's, `tenant`
    None), in consumer groups named `<name>.…`."""
    check_subscriber_name(name)
    topic = topics.indicators_topic(tenant) if tenant else topics.INDICATORS_DEPARTEMENT
    return Grant(principal=name, reads=(topic,), groups=(f"{name}.",))


def check_subscriber_name(name: str) -> None:
    if not SUBSCRIBER_NAME.fullmatch(name):
        raise ValueError(
            f"subscriber name {name!r}: 2 to 40 lower-case letters, digits and hyphens, beginning with a letter "
            "or a digit (ars-auvergne-rhone-alpes)"
        )
    if name.startswith(SERVICE_PREFIX) or name == ADMIN:
        raise ValueError(f"subscriber name {name!r}: names beginning with {SERVICE_PREFIX!r} are the platform's")


def operations(grant: Grant) -> list[tuple[str, str, tuple[str, ...]]]:
    """(resource type, name or prefix, operations) of a grant, in the words of Kafka's ACLs."""
    rights: list[tuple[str, str, tuple[str, ...]]] = []
    rights += [("topic", name, ("Write", "Describe")) for name in grant.writes]
    rights += [("topic", name, ("Read", "Describe")) for name in grant.reads]
    rights += [("topic", name, ("Create",)) for name in grant.creates]
    rights += [("group", name, ("Read",)) for name in grant.groups]
    return rights


def strimzi_user(grant: Grant, *, cluster: str = "passerelle") -> dict:
    """The grant as a Strimzi `KafkaUser`: SCRAM-SHA-512 credentials (a Secret of the same name) and its ACLs."""
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaUser",
        "metadata": {
            "name": grant.principal,
            "labels": {"strimzi.io/cluster": cluster, "app.kubernetes.io/part-of": "passerelle"},
        },
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {
                "type": "simple",
                "acls": [
                    {
                        "resource": {
                            "type": resource,
                            "name": name,
                            "patternType": "prefix" if is_prefix(name) else "literal",
                        },
                        "operations": list(ops),
                        "host": "*",
                    }
                    for resource, name, ops in operations(grant)
                ],
            },
        },
    }


def markdown_table() -> str:
    """The services' rights, as docs/architecture.md shows them."""
    lines = ["| service | principal | writes | reads | creates | consumer groups |", "|---|---|---|---|---|---|"]
    for service, grant in SERVICES.items():
        cells = [
            ", ".join(f"`{n}…`" if is_prefix(n) else f"`{n}`" for n in names) or "—"
            for names in (grant.writes, grant.reads, grant.creates, grant.groups)
        ]
        lines.append(f"| {service} | `{grant.principal}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
