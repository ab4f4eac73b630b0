"""An event the database refuses no longer blocks its partition: it is tried the configured number of
times, dead-lettered with its reason, and the consumer goes on. Only a lost connection is waited
out. The operator sees a consumer failing the same event in /metrics."""

from __future__ import annotations

import uuid
from datetime import date

from passerelle.contracts import topics
from passerelle.contracts.events import CaseActivityRecorded
from tests.support import (
    appointment_events,
    appointments_projected,
    envelope_for,
    eventually,
    headers_of,
    metric,
    publish_events,
    read_topic,
)


def refused_orientation(tenant: str):
    """Valid under the contract, refused by PostgreSQL: text cannot hold a NUL character (22021)."""
    case_id = uuid.uuid4()
    payload = CaseActivityRecorded(
        case_id=case_id,
        activity_id=uuid.uuid4(),
        beneficiary_pid=case_id,
        kind="orientation",
        occurred_on=date(2026, 3, 2),
        partner_type="gp",
        partner_name="Cabinet\x00du Pont",
    )
    return envelope_for(payload, tenant=tenant, subject=str(case_id))


def dead_letters_of(platform, event_id) -> dict[str, dict[str, str]]:
    """The dead letters of one event, by consumer."""
    return {letter["dlq_consumer"]: letter for letter in every_dead_letter_of(platform, event_id)}


def every_dead_letter_of(platform, event_id) -> list[dict[str, str]]:
    """The headers of each dead letter of one event, however many times it was set aside."""
    return [
        headers_of(r)
        for r in read_topic(platform.kafka.admin, topics.DEAD_LETTERS, seconds=1)
        if headers_of(r).get("ce_id") == str(event_id)
    ]


def test_an_event_the_database_refuses_is_dead_lettered_and_the_partition_goes_on(platform, tenant_a):
    retries_before = metric(
        platform, "reporting", "passerelle_consumer_retries_total", consumer="reporting", cause="error"
    )
    poison = refused_orientation(tenant_a.tenant)
    after = [e.model_copy(update={"subject": poison.subject}) for e in appointment_events(tenant_a.tenant, 3)]
    publish_events(platform.kafka.admin, [poison, *after], topics.CASES)  # one key: one partition, in order

    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == 3,
        timeout=60,
        what="the events after the refused one applied",
    )
    letters = eventually(
        lambda: len(found := dead_letters_of(platform, poison.id)) == 2 and found,
        what="the refused event dead-lettered by reporting and outreach (both store the name)",
    )
    for consumer in ("reporting", "outreach"):
        assert letters[consumer]["dlq_reason"].startswith("failed 5 times"), letters[consumer]
        assert "0x00" in letters[consumer]["dlq_reason"]
        assert letters[consumer]["dlq_topic"] == topics.CASES
        assert "Cabinet" not in letters[consumer]["dlq_reason"], "the reason carries no value of the event"
    assert (
        metric(platform, "reporting", "passerelle_consumer_retries_total", consumer="reporting", cause="error")
        >= retries_before + 4
    )
    assert metric(platform, "reporting", "passerelle_consumer_event_failures", consumer="reporting") == 0


def test_a_refused_event_in_a_burst_holds_back_its_partition_alone_and_is_set_aside_once(platform, tenant_a):
    """A poll's events are applied in one transaction; when the database refuses one of them, the poll is
    applied again event by event: the others once each, the refused one dead-lettered once, not at each
    poll that brings back the events after it."""
    tenant = tenant_a.tenant
    poison = refused_orientation(tenant)
    on_its_key = [e.model_copy(update={"subject": poison.subject}) for e in appointment_events(tenant, 6)]
    elsewhere = appointment_events(tenant, 300, cases=30)
    burst = [*elsewhere[:150], *on_its_key[:3], poison, *on_its_key[3:], *elsewhere[150:]]
    publish_events(platform.kafka.admin, burst, topics.CASES)

    eventually(
        lambda: appointments_projected(platform, tenant) == 306,
        timeout=90,
        what="every event of the burst applied but the refused one",
    )
    eventually(
        lambda: metric(platform, "reporting", "passerelle_consumer_event_failures", consumer="reporting") == 0,
        what="no event held back any more",
    )
    letters = [h for h in every_dead_letter_of(platform, poison.id) if h["dlq_consumer"] == "reporting"]
    assert len(letters) == 1, letters
    applied = platform.postgres.psql(
        "SELECT count(*) FROM inbox WHERE consumer = 'reporting' AND event_id IN "
        f"({', '.join(repr(str(e.id)) for e in burst)})",
        "reporting",
    )
    assert int(applied) == 306, "each event recorded once in the inbox, the refused one never"


def test_a_database_out_of_reach_is_waited_out_however_long_and_the_gauge_says_so(platform, tenant_a):
    events = appointment_events(tenant_a.tenant, 2)
    platform.postgres.stop()
    try:
        publish_events(platform.kafka.admin, events, topics.CASES)
        eventually(
            lambda: metric(platform, "reporting", "passerelle_consumer_event_failures", consumer="reporting") > 5,
            timeout=60,
            what="more failures of one event than the attempts before a dead letter",
        )
        assert (
            metric(platform, "reporting", "passerelle_consumer_retries_total", consumer="reporting", cause="outage") > 5
        )
    finally:
        platform.postgres.start()
    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == 2,
        timeout=60,
        what="the events applied once the database is back",
    )
    assert all(dead_letters_of(platform, e.id) == {} for e in events), "an outage never dead-letters"
    eventually(
        lambda: metric(platform, "reporting", "passerelle_consumer_event_failures", consumer="reporting") == 0,
        what="the gauge back to 0",
    )
    for service in ("referral", "cases", "outreach", "reporting"):
        platform.wait_ready(service)
