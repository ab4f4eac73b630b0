"""Events the referral service consumes."""

from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from passerelle import registry


def consumers() -> list[Consumer]:
    return [Consumer(name="referral", topics=(topics.TENANTS,), handlers={"tenant.registered": registry.record_tenant})]
