"""The broker enforces who reads and writes what: a reporting subscriber reads its own tenant's
indicator topic and nothing else (with aiokafka and with kcat), a service only its own topics;
nobody gets in without credentials, a revoked or rotated password is refused."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    TopicAuthorizationFailedError,
)

from devstack.demo_identities import create_demo_kafka_subscribers
from passerelle.contracts import grants, topics
from passerelle.messaging import acls
from passerelle.messaging.access import KafkaAccess
from passerelle.messaging.kafka import ensure_topics
from tests.support import REPO, kcat, operator_command, publish, run_async

REFUSED = (TopicAuthorizationFailedError, GroupAuthorizationFailedError)


passerelle = operator_command


def printed_access(platform, configuration: str) -> KafkaAccess:
    password = re.search(r"^sasl\.password=(.+)$", configuration, re.M)
    username = re.search(r"^sasl\.username=(.+)$", configuration, re.M)
    assert password and username, configuration
    return platform.kafka.admin.as_user(username[1], password[1])


@pytest.fixture
def two_tenants_indicators(platform) -> tuple[str, str]:
    """Two tenants' indicator topics, one record on each (the département's is reporting's alone: others read it)."""
    mine, theirs = f"t-{uuid.uuid4().hex[:8]}", f"t-{uuid.uuid4().hex[:8]}"
    names = (topics.indicators_topic(mine), topics.indicators_topic(theirs))
    run_async(ensure_topics(platform.kafka.admin, names=names))
    for topic in names:
        publish(platform.kafka.admin, topic, [(b"k", f'{{"topic": "{topic}"}}'.encode(), [])])
    return mine, theirs


def read(access: KafkaAccess, topic: str, *, group: str | None) -> list:
    """The topic's records from the beginning, in a consumer group (or none); the broker's refusal raised."""

    async def go() -> list:
        consumer = AIOKafkaConsumer(topic, **access.aiokafka(), group_id=group, auto_offset_reset="earliest")
        try:
            await consumer.start()
            batches = await consumer.getmany(timeout_ms=4000)
            return [record for records in batches.values() for record in records]
        finally:
            await consumer.stop()

    return run_async(go())


def produce(access: KafkaAccess, topic: str) -> None:
    async def go() -> None:
        # not idempotent: a principal that writes nowhere is refused its producer id before any topic
        producer = AIOKafkaProducer(**access.aiokafka(), acks="all", request_timeout_ms=10000)
        try:
            await producer.start()
            await producer.send_and_wait(topic, b"{}", key=b"k")
        finally:
            await producer.stop()

    run_async(go())


def read_with_kcat(configuration: str, folder, topic: str) -> subprocess.CompletedProcess:
    return kcat(configuration, folder, "-C", "-t", topic, "-o", "beginning", "-e", "-f", "%s\n")


def test_a_subscriber_reads_its_tenants_indicators_and_nothing_else(platform, capsys, two_tenants_indicators):
    mine, theirs = two_tenants_indicators
    name = f"ars-{uuid.uuid4().hex[:8]}"
    subscriber = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine))
    [record] = read(subscriber, topics.indicators_topic(mine), group=f"{name}.bi")
    assert topics.indicators_topic(mine) in record.value.decode()
    for topic in (topics.indicators_topic(theirs), topics.INDICATORS_DEPARTEMENT, *topics.DOMAIN_TOPICS):
        with pytest.raises(TopicAuthorizationFailedError):
            read(subscriber, topic, group=f"{name}.bi")
    with pytest.raises(GroupAuthorizationFailedError):  # another's consumer group (a service's, say)
        read(subscriber, topics.indicators_topic(mine), group="reporting")
    with pytest.raises(TopicAuthorizationFailedError):  # reads, never writes
        produce(subscriber, topics.indicators_topic(mine))


def test_the_printed_configuration_works_with_kcat_and_opens_no_other_topic(
    platform, capsys, tmp_path, two_tenants_indicators
):
    mine, theirs = two_tenants_indicators
    configuration = passerelle(platform, capsys, "subscriber", "create", f"bi-{uuid.uuid4().hex[:8]}", "--tenant", mine)
    own = read_with_kcat(configuration, tmp_path, topics.indicators_topic(mine))
    assert own.returncode == 0, own.stderr
    assert topics.indicators_topic(mine) in own.stdout
    for topic in (topics.indicators_topic(theirs), topics.INDICATORS_DEPARTEMENT, topics.CASES):
        other = read_with_kcat(configuration, tmp_path, topic)
        assert other.returncode != 0 and "topic authorization failed" in other.stderr.lower(), other
        assert f'"topic": "{topic}"' not in other.stdout


def test_a_departement_subscriber_reads_the_departement_topic_only(platform, capsys, two_tenants_indicators):
    mine, _ = two_tenants_indicators
    name = f"ars-dep-{uuid.uuid4().hex[:6]}"
    subscriber = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--departement"))
    read(subscriber, topics.INDICATORS_DEPARTEMENT, group=f"{name}.x")  # allowed: no authorization error
    with pytest.raises(TopicAuthorizationFailedError):
        read(subscriber, topics.indicators_topic(mine), group=f"{name}.x")


def test_after_revoke_the_next_connection_is_refused(platform, capsys, two_tenants_indicators):
    mine, _ = two_tenants_indicators
    name = f"gone-{uuid.uuid4().hex[:8]}"
    subscriber = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine))
    assert read(subscriber, topics.indicators_topic(mine), group=f"{name}.bi")
    assert name in passerelle(platform, capsys, "subscriber", "list")
    assert "revoked" in passerelle(platform, capsys, "subscriber", "revoke", name)
    with pytest.raises(KafkaConnectionError):
        read(subscriber, topics.indicators_topic(mine), group=f"{name}.bi")
    assert name not in passerelle(platform, capsys, "subscriber", "list")
    assert not acls.principal_acls(acls.admin_client(platform.kafka.admin), name)


def test_after_rotate_the_old_password_is_refused_and_the_new_one_works(platform, capsys, two_tenants_indicators):
    mine, _ = two_tenants_indicators
    name = f"turn-{uuid.uuid4().hex[:8]}"
    old = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine))
    new = printed_access(platform, passerelle(platform, capsys, "subscriber", "rotate", name))
    assert new.password != old.password
    with pytest.raises(KafkaConnectionError):
        read(old, topics.indicators_topic(mine), group=f"{name}.bi")
    assert read(new, topics.indicators_topic(mine), group=f"{name}.bi")


def test_the_list_shows_each_subscribers_grant_and_consumer_groups(platform, capsys, two_tenants_indicators):
    mine, _ = two_tenants_indicators
    name = f"seen-{uuid.uuid4().hex[:8]}"
    subscriber = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine))
    read(subscriber, topics.indicators_topic(mine), group=f"{name}.bi")
    [line] = [line for line in passerelle(platform, capsys, "subscriber", "list").splitlines() if line.startswith(name)]
    assert f"tenant {mine}" in line and f"{name}.bi" in line
    listed = passerelle(platform, capsys, "subscriber", "list")
    assert all(p not in listed for p in (grants.ADMIN, *(g.principal for g in grants.SERVICES.values())))


@pytest.mark.parametrize(
    ("name", "reason"),
    [("passerelle-cases", "the platform's"), ("Ars Isère", "lower-case"), ("x", "2 to 40")],
)
def test_a_subscriber_name_that_is_not_allowed_is_refused_with_the_reason(platform, capsys, name, reason):
    with pytest.raises(SystemExit, match=reason):
        passerelle(platform, capsys, "subscriber", "create", name, "--tenant", "cpts-ecegec")


def test_a_subscriber_that_exists_is_not_created_twice(platform, capsys, two_tenants_indicators):
    mine, _ = two_tenants_indicators
    name = f"twice-{uuid.uuid4().hex[:8]}"
    passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine)
    with pytest.raises(SystemExit, match="exists"):
        passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine)


def test_a_service_cannot_write_another_services_topic_nor_read_one_it_does_not_consume(platform):
    outreach = platform.kafka.access(grants.SERVICES["outreach"].principal)
    with pytest.raises(TopicAuthorizationFailedError):
        produce(outreach, topics.CASES)
    with pytest.raises(TopicAuthorizationFailedError):
        produce(outreach, topics.indicators_topic("cpts-ecegec"))  # reporting alone writes indicators
    with pytest.raises(TopicAuthorizationFailedError):
        read(outreach, topics.REFERRALS, group="outreach")
    cases = platform.kafka.access(grants.SERVICES["cases"].principal)
    with pytest.raises(GroupAuthorizationFailedError):  # its own topics, but another service's group
        read(cases, topics.REFERRALS, group="reporting")


def test_the_broker_holds_exactly_the_grants_acls_for_each_service(platform):
    client = acls.admin_client(platform.kafka.admin)
    for grant in grants.SERVICES.values():
        present = {str(b) for b in acls.principal_acls(client, grant.principal)}
        assert present == {str(b) for b in acls.acl_bindings(grant)}, grant.principal


def test_a_client_without_credentials_or_with_a_wrong_password_cannot_connect(platform):
    wrong = platform.kafka.admin.as_user(grants.ADMIN, "not-the-password")
    with pytest.raises(KafkaConnectionError):
        read(wrong, topics.TENANTS, group=None)

    async def anonymous() -> None:
        consumer = AIOKafkaConsumer(topics.TENANTS, bootstrap_servers=platform.kafka.bootstrap, request_timeout_ms=5000)
        try:
            await consumer.start()
        finally:
            await consumer.stop()

    with pytest.raises(KafkaConnectionError):
        run_async(anonymous())
    tls_only = subprocess.run(  # TLS without SASL: the listener wants a SCRAM exchange first
        [
            str(REPO / "bin" / "kcat"),
            "-b",
            platform.kafka.bootstrap,
            "-X",
            "security.protocol=SSL",
            "-X",
            f"ssl.ca.location={platform.kafka.tls.ca}",
            "-L",
            "-m",
            "5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert tls_only.returncode != 0


def test_bin_runs_demo_subscribers_read_their_tenant_with_kcat_start_after_start(platform, tmp_path):
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    topic = topics.indicators_topic(tenant)
    run_async(ensure_topics(platform.kafka.admin, names=(topic,)))
    publish(platform.kafka.admin, topic, [(b"k", b'{"demo": true}', [])])
    create_demo_kafka_subscribers(platform, [tenant])
    files = create_demo_kafka_subscribers(platform, [tenant])  # the next start: a new password, a new file
    configuration = files[tenant].read_text()
    assert oct(files[tenant].stat().st_mode)[-3:] == "600"
    assert '"demo": true' in read_with_kcat(configuration, tmp_path, topic).stdout
    assert read_with_kcat(configuration, tmp_path, topics.CASES).returncode != 0


def test_a_revocation_holds_across_a_broker_restart_and_everyone_else_still_signs_in(
    platform, capsys, two_tenants_indicators
):
    mine, _ = two_tenants_indicators
    name = f"once-{uuid.uuid4().hex[:8]}"
    subscriber = printed_access(platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine))
    passerelle(platform, capsys, "subscriber", "revoke", name)
    platform.kafka.stop()
    platform.kafka.start()  # waits for the admin to be let in again
    try:
        with pytest.raises(KafkaConnectionError):
            read(subscriber, topics.indicators_topic(mine), group=f"{name}.bi")
        reporting = platform.kafka.access(grants.SERVICES["reporting"].principal)
        read(reporting, topics.TENANTS, group=None)  # the services' principals too
        again = printed_access(
            platform, passerelle(platform, capsys, "subscriber", "create", name, "--tenant", mine)
        )  # a revoked name can be given again, with a new password
        assert read(again, topics.indicators_topic(mine), group=f"{name}.bi")
    finally:
        for service in ("referral", "cases", "outreach", "reporting"):
            platform.wait_ready(service)
