"""Kafka topic names. One topic per aggregate family; the event type travels in `ce_type`."""

TENANTS = "passerelle.tenants"
REFERRALS = "passerelle.referrals"
CASES = "passerelle.cases"
OUTREACH = "passerelle.outreach"
DEAD_LETTERS = "passerelle.dead-letters"

DOMAIN_TOPICS = (TENANTS, REFERRALS, CASES, OUTREACH)
ALL_TOPICS = (*DOMAIN_TOPICS, DEAD_LETTERS)
