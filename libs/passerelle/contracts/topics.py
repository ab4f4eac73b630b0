"""Kafka topic names. One topic per aggregate family; the event type travels in `ce_type`."""

TENANTS = "passerelle.tenants"
REFERRALS = "passerelle.referrals"
CASES = "passerelle.cases"
OUTREACH = "passerelle.outreach"
DEAD_LETTERS = "passerelle.dead-letters"
INDICATORS_PREFIX = "passerelle.indicators."  # a tenant's own topic, and the département's
INDICATORS_DEPARTEMENT = f"{INDICATORS_PREFIX}departement"  # every tenant's months, small counts suppressed

DOMAIN_TOPICS = (TENANTS, REFERRALS, CASES, OUTREACH)
ALL_TOPICS = (*DOMAIN_TOPICS, DEAD_LETTERS, INDICATORS_DEPARTEMENT)

# The tenants topic keeps each tenant's last announcement; the other domain topics every event
# (reporting rebuilds from the log); dead letters 30 days; an indicator topic keeps the latest
# version of each month (compacted, keyed by tenant and month).
_THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000


def indicators_topic(tenant: str) -> str:
    """A tenant's own indicator topic: a subscriber is granted it, and sees no other tenant."""
    return f"{INDICATORS_PREFIX}{tenant}"


def config_of(topic: str) -> dict[str, str]:
    if topic == TENANTS:
        return {"cleanup.policy": "compact"}  # the last announcement of each tenant
    if topic == DEAD_LETTERS:
        return {"retention.ms": str(_THIRTY_DAYS_MS)}
    if topic.startswith(INDICATORS_PREFIX):
        return {"cleanup.policy": "compact", "retention.ms": "-1"}
    return {"retention.ms": "-1"}
