"""Every event Passerelle publishes, one frozen model per (type, version)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from passerelle.contracts import topics
from passerelle.contracts.payloads import EventPayload

ReferralSource = Literal["professional", "outreach", "drop_in_self_referral", "word_of_mouth"]
ReferralReason = Literal["care_rupture", "rights_access", "complex_pathway", "other"]
ActivityKind = Literal[
    "appointment", "procedure", "accompaniment", "orientation", "medical_appointment_booked",
    "note", "coordination_meeting",
]
OutreachKind = Literal[
    "street_outreach", "home_visit", "drop_in", "collective_action", "event", "partner_meeting", "training",
]


Difficulty = Literal[
    "socio_economic", "isolation", "disability", "chronic_disease", "addiction", "exile",
    "violence_victim", "digital_exclusion", "other",
]
DeclineReason = Literal["out_of_scope", "relayed", "unreachable", "duplicate"]


class SealedPersonalData(BaseModel):
    """Personal data encrypted with the tenant's key (see passerelle.crypto); never in clear."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["AES-256-GCM"]
    key_id: str
    nonce: str
    ciphertext: str


class TenantRegistered(EventPayload):
    event_type = "tenant.registered"
    event_version = 1
    topic = topics.TENANTS

    tenant_id: str
    name: str
    postal_codes: tuple[str, ...] = ()


class ReferralSubmitted(EventPayload):
    event_type = "referral.submitted"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    source: ReferralSource
    reasons: tuple[ReferralReason, ...]
    difficulties: tuple[Difficulty, ...] = ()
    submitted_at: datetime


class ReferralAccepted(EventPayload):
    event_type = "referral.accepted"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    submitted_at: datetime
    accepted_at: datetime
    accepted_by: str
    personal_data: SealedPersonalData  # what the case file needs: identity, contact, reasons, observations


class ReferralDeclined(EventPayload):
    event_type = "referral.declined"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    reason: DeclineReason
    declined_at: datetime


class ReferralTransferred(EventPayload):
    """The referral left this tenant for another (the person moved); this tenant keeps a tombstone."""

    event_type = "referral.transferred"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    to_tenant: str
    transferred_at: datetime


class ReferralReceivedByTransfer(EventPayload):
    """A referral arrived whole from another tenant; it counts among this tenant's referrals received."""

    event_type = "referral.received_by_transfer"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    from_tenant: str
    source: ReferralSource
    reasons: tuple[ReferralReason, ...]
    difficulties: tuple[Difficulty, ...] = ()
    received_at: datetime


class ReferralConsentWithdrawn(EventPayload):
    """The person withdrew their consent: the referral's personal data has been erased."""

    event_type = "referral.consent_withdrawn"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    withdrawn_at: datetime
    personal_data_erased: Literal[True] = True


class CaseOpened(EventPayload):
    event_type = "case.opened"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    referral_id: uuid.UUID | None
    referral_submitted_at: datetime | None
    opened_on: date


class CaseActivityRecorded(EventPayload):
    event_type = "case.activity_recorded"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    activity_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: ActivityKind
    occurred_on: date
    duration_minutes: int | None = Field(default=None, ge=0)


class OutreachActionRecorded(EventPayload):
    event_type = "outreach.action_recorded"
    event_version = 1
    topic = topics.OUTREACH

    action_id: uuid.UUID
    kind: OutreachKind
    occurred_on: date
    people_met: int = Field(ge=0)
    people_redirected: int = Field(ge=0)
