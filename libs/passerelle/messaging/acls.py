"""Principals and their ACLs on the broker, through Kafka's Admin API (confluent-kafka's client):
SCRAM credentials upserted or deleted, a grant's ACL bindings created, or all of a principal's removed.

Every call here needs the admin principal (ALTER and DESCRIBE on the cluster)."""

from __future__ import annotations

import concurrent.futures
import secrets

from confluent_kafka import KafkaException
from confluent_kafka.admin import (
    AclBinding,
    AclBindingFilter,
    AclOperation,
    AclPermissionType,
    AdminClient,
    ResourcePatternType,
    ResourceType,
    ScramCredentialInfo,
    ScramMechanism,
    UserScramCredentialUpsertion,
)

from passerelle.contracts.grants import Grant, is_prefix, operations
from passerelle.messaging.access import KafkaAccess

TIMEOUT = 30.0
SCRAM_ITERATIONS = 8192
_RESOURCE = {"topic": ResourceType.TOPIC, "group": ResourceType.GROUP}
_OPERATION = {"Read": AclOperation.READ, "Write": AclOperation.WRITE, "Create": AclOperation.CREATE}
_OPERATION |= {"Describe": AclOperation.DESCRIBE}


def admin_client(access: KafkaAccess) -> AdminClient:
    return AdminClient({**access.librdkafka(), "socket.timeout.ms": 10000, "log_level": 3})  # errors only


def acl_bindings(grant: Grant) -> list[AclBinding]:
    """The grant in the broker's terms: one ALLOW binding per resource and operation, from any host."""
    return [
        AclBinding(
            _RESOURCE[resource],
            name,
            ResourcePatternType.PREFIXED if is_prefix(name) else ResourcePatternType.LITERAL,
            f"User:{grant.principal}",
            "*",
            _OPERATION[operation],
            AclPermissionType.ALLOW,
        )
        for resource, name, ops in operations(grant)
        for operation in ops
    ]


def set_password(client: AdminClient, principal: str, password: str) -> None:
    upsert = UserScramCredentialUpsertion(
        principal, ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password.encode()
    )
    _wait(client.alter_user_scram_credentials([upsert]))


def apply_grant(client: AdminClient, grant: Grant) -> None:
    """Exactly the grant's ACLs for its principal: missing ones created, any other removed."""
    wanted = {_key(b): b for b in acl_bindings(grant)}
    present = {_key(b): b for b in principal_acls(client, grant.principal)}
    stale = [_filter_of(b) for key, b in present.items() if key not in wanted]
    if stale:
        _wait(client.delete_acls(stale))
    missing = [b for key, b in wanted.items() if key not in present]
    if missing:
        _wait(client.create_acls(missing))


def principal_acls(client: AdminClient, principal: str) -> list[AclBinding]:
    return _acls(client, principal=f"User:{principal}")


def principals_with_acls(client: AdminClient) -> set[str]:
    """The users that some ACL names (`User:` stripped)."""
    return {b.principal.removeprefix("User:") for b in _acls(client, principal=None)}


def _acls(client: AdminClient, *, principal: str | None) -> list[AclBinding]:
    """Every ACL binding, of one principal or of all (None)."""
    every = AclBindingFilter(
        ResourceType.ANY,
        None,  # type: ignore[arg-type]  # any name
        ResourcePatternType.ANY,
        principal,  # type: ignore[arg-type]  # None: any principal
        None,  # type: ignore[arg-type]  # any host
        AclOperation.ANY,
        AclPermissionType.ANY,
    )
    return list(client.describe_acls(every, request_timeout=TIMEOUT).result())


def scram_users(client: AdminClient) -> set[str]:
    every = client.describe_user_scram_credentials(request_timeout=TIMEOUT)  # one future: no names given
    assert isinstance(every, concurrent.futures.Future)
    return set(every.result())


def lock_out(client: AdminClient, principal: str) -> None:
    """Its password replaced by a random one that nobody keeps, and every ACL naming it removed: its
    requests are refused at once, its next connection too.

    Not a deletion of its SCRAM credential: with Kafka 4.4 (KRaft), after a credential is deleted the
    broker refuses every other one, the admin's included, from its next restart on
    (tests/test_broker_security.py restarts the broker after a revocation)."""
    set_password(client, principal, secrets.token_urlsafe(48))
    bindings = principal_acls(client, principal)
    if bindings:
        _wait(client.delete_acls([_filter_of(b) for b in bindings]))


def _key(binding: AclBinding) -> tuple:
    return (binding.restype, binding.name, binding.resource_pattern_type, binding.operation, binding.permission_type)


def _filter_of(binding: AclBinding) -> AclBindingFilter:
    return AclBindingFilter(
        binding.restype,
        binding.name,
        binding.resource_pattern_type,
        binding.principal,
        binding.host,
        binding.operation,
        binding.permission_type,
    )


def _wait(futures) -> None:
    for future in futures.values():
        try:
            future.result(timeout=TIMEOUT)
        except KafkaException as exc:
            raise RuntimeError(f"the broker refused an admin operation: {exc.args[0]}") from exc
