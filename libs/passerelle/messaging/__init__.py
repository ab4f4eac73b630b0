"""Outbox, relay, inbox-backed consumers and dead letters over Kafka."""
