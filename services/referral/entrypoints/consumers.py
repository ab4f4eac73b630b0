"""Events the referral service consumes."""

from passerelle import registry
from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from referral.service_layer import case_events


def consumers() -> list[Consumer]:
    return [
        Consumer(
            name="referral",
            topics=(topics.TENANTS, topics.CASES),
            handlers={
                "tenant.registered": registry.record_tenant,
                "case.closed": case_events.case_closed,
                "case.reopened": case_events.case_reopened,
                "beneficiary.erased": case_events.forget_beneficiary,
                "beneficiary.anonymised": case_events.forget_beneficiary,
            },
        )
    ]
