"""Every event Passerelle publishes, one frozen model per (type, version)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

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
