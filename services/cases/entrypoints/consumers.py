"""Events the cases service consumes."""

from cases.service_layer import lifecycle, opening, partners
from passerelle import registry
from passerelle.contracts import topics
from passerelle.keystore import KeyStore
from passerelle.messaging.consumer import Consumer


def consumers(keystore: KeyStore | None) -> list[Consumer]:
    return [
        Consumer(
            name="cases",
            topics=(topics.REFERRALS, topics.TENANTS, topics.OUTREACH),
            handlers={
                "referral.accepted": opening.open_from_referral(keystore),
                "referral.receipt_corrected": opening.follow_receipt,
                "referral.consent_withdrawn": lifecycle.erase_on_withdrawal(keystore),
                "tenant.registered": registry.record_tenant,
                "partner.registered": partners.partner_known,  # the directory orientations name
                "partner.updated": partners.partner_known,
            },
        )
    ]
