"""Prometheus metrics of one service process, on an explicit registry (never the global one).

Labels are route templates, event types and consumer names: never a raw path, id or person.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self, service_name: str):
        self.registry = CollectorRegistry()
        r = self.registry
        self.http_requests = Counter(
            "passerelle_http_requests", "HTTP requests handled", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "passerelle_http_request_duration_seconds", "HTTP request duration", ["method", "route"], registry=r
        )
        self.events_published = Counter(
            "passerelle_events_published", "Events published from the outbox", ["type"], registry=r
        )
        self.events_consumed = Counter(
            "passerelle_events_consumed", "Events applied by a consumer", ["type", "consumer"], registry=r
        )
        self.consumer_batch = Histogram(
            "passerelle_consumer_batch_events",
            "Events a consumer applied in one transaction (a poll's events, together)",
            ["consumer"],
            buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
            registry=r,
        )
        self.events_duplicate = Counter(
            "passerelle_events_duplicate", "Redelivered events skipped by the inbox", ["type", "consumer"], registry=r
        )
        self.files_anonymised = Counter(
            "passerelle_retention_anonymised", "Files anonymised at the end of their retention", registry=r
        )
        self.retention_last_pass = Gauge(
            "passerelle_retention_last_pass_timestamp_seconds", "When the daily retention pass last ended", registry=r
        )
        self.events_failed = Counter(
            "passerelle_events_failed", "Attempts to apply an event that failed", ["type", "consumer"], registry=r
        )
        self.consumer_retries = Counter(
            "passerelle_consumer_retries",
            "Events tried again after a failure: cause is outage (database out of "
            "reach, waited for) or error (dead-lettered after the maximum attempts)",
            ["consumer", "cause"],
            registry=r,
        )
        self.consumer_event_failures = Gauge(
            "passerelle_consumer_event_failures",
            "Consecutive failures of the event a consumer is stuck on (0: none); its partition waits meanwhile",
            ["consumer"],
            registry=r,
        )
        self.dead_letters = Counter(
            "passerelle_dead_letters", "Records sent to the dead-letter topic", ["consumer", "topic"], registry=r
        )
        self.outbox_backlog = Gauge(
            "passerelle_outbox_backlog", "Events written to the outbox and not yet published", registry=r
        )
        self.consumer_lag = Gauge(
            "passerelle_consumer_lag", "Records not yet consumed", ["consumer", "topic"], registry=r
        )
        self.broker_up = Gauge(
            "passerelle_broker_up", "1 when this process reaches the Kafka broker, 0 when it does not", registry=r
        )
        self.service = service_name

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
