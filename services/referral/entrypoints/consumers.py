"""Events the referral service consumes."""

from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from referral.service_layer import handlers


def consumers() -> list[Consumer]:
    return [Consumer(name="referral", topics=(topics.TENANTS,), handlers={"tenant.registered": handlers.record_tenant})]
