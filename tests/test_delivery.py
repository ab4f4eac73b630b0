"""At-least-once delivery made exactly-once in effect: inbox, offsets committed after the
transaction, dead letters. Driven through the real broker against the reporting consumer."""

from __future__ import annotations

import signal
import uuid
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import (
    appointment_events,
    appointments_projected,
    eventually,
    headers_of,
    indicators,
    metric,
    publish,
    publish_events,
    read_topic,
)

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


def test_the_same_event_delivered_twice_is_applied_once(platform, tenant_a):
    event = appointment_events(tenant_a.tenant, 1)[0]
    publish_events(platform.kafka.admin, [event, event], topics.CASES)
    follow_up = appointment_events(tenant_a.tenant, 1)[0]  # ordered after both on the same key
    publish_events(platform.kafka.admin, [follow_up.model_copy(update={"subject": event.subject})], topics.CASES)

    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(lambda: indicators(coordinator, *YEAR)["individual_appointments"] == 2, what="both events applied")
    assert indicators(coordinator, *YEAR)["individual_appointments"] == 2
    inbox = platform.postgres.psql(f"SELECT count(*) FROM inbox WHERE event_id = '{event.id}'", "reporting")
    assert int(inbox) == 1
    metrics = tenant_a.http("reporting", None).get("/metrics").text
    assert 'passerelle_events_duplicate_total{consumer="reporting",type="case.activity_recorded"}' in metrics


def test_a_burst_is_applied_a_poll_at_a_time_not_an_event_at_a_time(platform, tenant_a):
    """Each poll's events are applied in one transaction (inbox rows and projections): a burst costs a few
    commits, so the consumers keep up with intake."""

    def transactions_and_events() -> tuple[float, float]:
        sample = {"consumer": "reporting"}
        return (
            metric(platform, "reporting", "passerelle_consumer_batch_events_count", **sample),
            metric(platform, "reporting", "passerelle_consumer_batch_events_sum", **sample),
        )

    transactions_before, events_before = transactions_and_events()
    before = appointments_projected(platform, tenant_a.tenant)
    publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 600, cases=40), topics.CASES)

    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == before + 600,
        timeout=60,
        what="the burst applied",
    )
    transactions, events = (
        now - then for now, then in zip(transactions_and_events(), (transactions_before, events_before), strict=True)
    )
    assert events >= 600
    assert transactions <= 600 / 10, f"{transactions:.0f} transactions for {events:.0f} events"


def test_a_consumer_killed_mid_stream_applies_every_event_exactly_once_after_restart(platform, tenant_a):
    events = appointment_events(tenant_a.tenant, 1000, cases=60)
    publish_events(platform.kafka.admin, events, topics.CASES)

    applied_at_kill = eventually(
        lambda: (
            appointments_projected(platform, tenant_a.tenant) >= 50
            and appointments_projected(platform, tenant_a.tenant)
        ),
        interval=0.02,
        what="the consumer started on the stream",
    )
    platform.stop_service("reporting", sig=signal.SIGKILL)  # no graceful commit: a crash
    at_kill = appointments_projected(platform, tenant_a.tenant)
    assert applied_at_kill <= at_kill < 1000, "the crash must happen in the middle of the stream"

    platform.start_service("reporting")
    platform.wait_ready("reporting")
    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == 1000,
        timeout=90,
        what="all 1,000 events applied after the restart",
    )
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    assert indicators(coordinator, *YEAR)["individual_appointments"] == 1000
    ids = ", ".join(f"'{e.id}'" for e in events)
    assert int(platform.postgres.psql(f"SELECT count(*) FROM inbox WHERE event_id IN ({ids})", "reporting")) == 1000


def test_a_malformed_record_is_dead_lettered_with_its_reason_and_the_consumer_goes_on(platform, tenant_a):
    marker = f"malformed-{uuid.uuid4()}".encode()
    publish(platform.kafka.admin, topics.CASES, [(marker, b"{not json", [("ce_type", b"case.activity_recorded")])])
    invalid = appointment_events(tenant_a.tenant, 1)[0]
    broken_payload = invalid.model_copy(update={"data": {**invalid.data, "kind": "teleportation"}})
    publish_events(platform.kafka.admin, [broken_payload], topics.CASES)
    publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 1), topics.CASES)

    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(coordinator, *YEAR)["individual_appointments"] == 1,
        what="the valid event after the malformed ones is applied",
    )

    def dead_letters():
        return {
            r.key: headers_of(r)
            for r in read_topic(platform.kafka.admin, topics.DEAD_LETTERS, seconds=1)
            if r.key in (marker, broken_payload.subject.encode()) and headers_of(r).get("dlq_consumer") == "reporting"
        }

    letters = eventually(lambda: len(d := dead_letters()) == 2 and d, what="both records dead-lettered")
    assert "missing CloudEvents headers" in letters[marker]["dlq_reason"]
    assert letters[marker]["dlq_topic"] == topics.CASES
    assert "kind" in letters[broken_payload.subject.encode()]["dlq_reason"]
    assert letters[broken_payload.subject.encode()]["ce_id"] == str(broken_payload.id)


def test_a_record_whose_headers_are_not_text_is_dead_lettered_and_its_partition_goes_on(platform, tenant_a):
    """Headers are bytes on the wire: one that is not UTF-8 makes the record no event (dead-lettered, with
    the header's name), not a poll that can never be read, holding back its partition for good."""
    broken, after = appointment_events(tenant_a.tenant, 2)
    after = after.model_copy(update={"subject": broken.subject})  # one key: one partition, in order
    headers = [
        (name, b"\xff\xfe" if name == "ce_source" else text.encode()) for name, text in broken.kafka_headers().items()
    ]
    publish(platform.kafka.admin, topics.CASES, [(broken.subject.encode(), broken.kafka_value(), headers)])
    publish_events(platform.kafka.admin, [after], topics.CASES)

    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(coordinator, *YEAR)["individual_appointments"] == 1,
        what="the event after the unreadable record is applied",
    )

    def dead_letter():
        return next(
            (
                headers_of(r)
                for r in read_topic(platform.kafka.admin, topics.DEAD_LETTERS, seconds=1)
                if headers_of(r).get("ce_id") == str(broken.id) and headers_of(r).get("dlq_consumer") == "reporting"
            ),
            None,
        )

    letter = eventually(dead_letter, what="the unreadable record dead-lettered")
    assert "ce_source" in letter["dlq_reason"] and "UTF-8" in letter["dlq_reason"], letter["dlq_reason"]
    assert letter["dlq_topic"] == topics.CASES
