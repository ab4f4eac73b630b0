"""Events the outreach service consumes: orientations to partners and partners named there, from case
events; the tenants."""

from outreach.service_layer import actions, partners
from passerelle import registry
from passerelle.contracts import topics
from passerelle.messaging.consumer import Consumer


def consumers() -> list[Consumer]:
    return [
        Consumer(
            name="outreach",
            topics=(topics.CASES,),
            handlers={
                "case.activity_recorded": partners.orientation_recorded,
                "case.activity_corrected": partners.orientation_recorded,
                "case.activity_deleted": partners.orientation_deleted,
                "case.partner_added": partners.partner_added,  # named in an orientation: now in the directory
                "case.opened": actions.follow_up_opened,  # for a person met during an action: counted there
            },
        ),
        Consumer(
            name="outreach-tenants", topics=(topics.TENANTS,), handlers={"tenant.registered": registry.record_tenant}
        ),
    ]
