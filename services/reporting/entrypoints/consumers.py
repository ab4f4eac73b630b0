"""Events the reporting service consumes: every domain topic it counts."""

from passerelle import registry
from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from reporting.service_layer.projections import HANDLERS
from reporting.service_layer.publication import marking_stale

TOPICS = (topics.REFERRALS, topics.CASES, topics.OUTREACH)


def consumers() -> list[Consumer]:
    """The projections, each change marking its tenant's indicators for comparison with what was published."""
    handlers = {event_type: marking_stale(handler) for event_type, handler in HANDLERS.items()}
    return [
        Consumer(name="reporting", topics=TOPICS, handlers=handlers),
        # the tenants' names, for the reports' headings and the département's view
        Consumer(
            name="reporting-tenants", topics=(topics.TENANTS,), handlers={"tenant.registered": registry.record_tenant}
        ),
    ]
