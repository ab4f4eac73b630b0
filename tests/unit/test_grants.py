"""The broker's rights (passerelle.contracts.grants) are what the services do: each consumer group
and topic a service reads, each topic it publishes to, is granted to its principal, and no more."""

from __future__ import annotations

import pytest

from cases.entrypoints.consumers import consumers as cases_consumers
from outreach.entrypoints.consumers import consumers as outreach_consumers
from passerelle.contracts import EventPayload, grants, topics
from referral.entrypoints.consumers import consumers as referral_consumers
from reporting.entrypoints.consumers import consumers as reporting_consumers

CONSUMERS = {
    "referral": referral_consumers(),
    "cases": cases_consumers(None),
    "outreach": outreach_consumers(),
    "reporting": reporting_consumers(),
}


def granted(name: str, names: tuple[str, ...]) -> bool:
    return any(name == n or (grants.is_prefix(n) and name.startswith(n)) for n in names)


@pytest.mark.parametrize("service", grants.SERVICES)
def test_a_service_reads_exactly_the_topics_and_groups_it_is_granted(service):
    grant = grants.SERVICES[service]
    assert {c.name for c in CONSUMERS[service]} == set(grant.groups)
    assert {t for c in CONSUMERS[service] for t in c.topics} == set(grant.reads)


def test_each_event_is_published_by_the_one_service_granted_its_topic():
    for payload in EventPayload.__subclasses__():
        topic = payload.topic.replace("{tenant}", "t")
        writers = [s for s, g in grants.SERVICES.items() if granted(topic, g.writes)]
        if topic == topics.TENANTS:
            assert writers == []  # the operator's `passerelle tenant create`, as the admin
        else:
            assert len(writers) == 1, (payload.event_type, writers)


def test_reporting_alone_writes_the_indicator_topics():
    for tenant_topic in (topics.indicators_topic("cpts-ecegec"), topics.INDICATORS_DEPARTEMENT):
        assert [s for s, g in grants.SERVICES.items() if granted(tenant_topic, g.writes)] == ["reporting"]


def test_a_subscriber_reads_one_topic_in_groups_of_its_own_name():
    grant = grants.subscriber_grant("ars-38", tenant="cpts-ecegec")
    assert grant.reads == (topics.indicators_topic("cpts-ecegec"),) and grant.groups == ("ars-38.",)
    assert not grant.writes and not grant.creates
    assert grants.subscriber_grant("ars-38", tenant=None).reads == (topics.INDICATORS_DEPARTEMENT,)


@pytest.mark.parametrize("name", ["passerelle-cases", "passerelle-admin", "ARS", "a", "ars.38", "-ars", "x" * 41])
def test_a_subscriber_name_that_could_be_mistaken_is_refused(name):
    with pytest.raises(ValueError, match="subscriber name"):
        grants.subscriber_grant(name, tenant="cpts-ecegec")
