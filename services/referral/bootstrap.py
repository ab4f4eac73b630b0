"""Composition root of the referral service: `uvicorn referral.bootstrap:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI

from passerelle.contracts.events import (
    ReferralAccepted,
    ReferralConsentWithdrawn,
    ReferralDeclined,
    ReferralReceiptCorrected,
    ReferralReceivedByTransfer,
    ReferralSubmitted,
    ReferralTransferred,
)
from passerelle.keystore import keystore_from
from passerelle.service import ServiceDefinition, create_service_app
from passerelle.settings import ServiceSettings, get_settings
from referral.adapters import orm  # noqa: F401  (maps the domain classes)
from referral.entrypoints import (
    pages_digest,
    pages_inbox,
    pages_public,
    pages_referrer,
    pages_search,
    pages_team,
    public,
)
from referral.entrypoints.consumers import consumers
from referral.entrypoints.http import router, tenants_router
from referral.service_layer import digest, referrer_mail, retention

TEMPLATES = Path(__file__).parent / "templates"


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    settings = settings or get_settings("referral")
    return create_service_app(
        ServiceDefinition(
            name="referral",
            description="Referral intake: the fiche d'orientation, triage and the referrer's closed loop.",
            routers=[
                router,
                tenants_router,
                public.router,
                pages_public.router,
                pages_referrer.router,
                pages_inbox.router,
                pages_team.router,
                pages_search.router,
                pages_digest.router,
            ],
            consumers=consumers(),
            tasks=[
                retention.run_daily,  # empties declined referrals at the end of their retention
                referrer_mail.relay,  # sends the referrers' messages through the SMTP relay
                digest.run_daily,  # the team's daily summary, to those who asked for it
            ],
            templates=TEMPLATES,
            publishes=[
                ReferralSubmitted,
                ReferralReceiptCorrected,
                ReferralAccepted,
                ReferralDeclined,
                ReferralTransferred,
                ReferralReceivedByTransfer,
                ReferralConsentWithdrawn,
            ],
            keystore=keystore_from(settings),  # seals each person's case file with their own key
        ),
        settings,
    )
