"""Events the reporting service consumes: every domain topic it counts."""

from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer
from reporting.service_layer.projections import HANDLERS


def consumers() -> list[Consumer]:
    return [Consumer(name="reporting", topics=(topics.REFERRALS, topics.CASES, topics.OUTREACH), handlers=HANDLERS)]
