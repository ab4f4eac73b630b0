"""Every event Passerelle publishes, one frozen model per (type, version).

Every string and every list has a maximum: a contract-valid event always fits the columns that
store it (tests/test_contract_limits.py compares them), so no consumer meets a value its database
refuses. The contract is the one source of truth; a column follows it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from passerelle.contracts import topics
from passerelle.contracts.payloads import EventPayload

ReferralSource = Literal["professional", "outreach", "drop_in_self_referral", "word_of_mouth"]
ReferralReason = Literal["care_rupture", "rights_access", "complex_pathway", "other"]
ActivityKind = Literal[
    "appointment",
    "procedure",
    "accompaniment",
    "orientation",
    "medical_appointment_booked",
    "note",
    "coordination_meeting",
]
AppointmentMode = Literal["drop_in", "scheduled", "phone", "home_visit"]
Scheme = Literal["AME", "C2S", "PUMA", "CSS", "MDPH", "RSA", "other"]
ProcedureChannel = Literal["standard", "LUP"]
ProcedureStatus = Literal["started", "submitted", "granted", "refused"]
OrientationOutcome = Literal["followed", "not_followed", "unknown"]
ClosureOutcome = Literal["improved", "not_improved", "lost_contact", "relayed", "moved"]
OutreachKind = Literal[
    "street_outreach",
    "home_visit",
    "drop_in",
    "collective_action",
    "event",
    "partner_meeting",
    "training",
]


Difficulty = Literal[
    "socio_economic",
    "isolation",
    "disability",
    "chronic_disease",
    "addiction",
    "exile",
    "violence_victim",
    "digital_exclusion",
    "other",
]
DeclineReason = Literal["out_of_scope", "relayed", "unreachable", "duplicate"]

TenantSlug = Annotated[str, StringConstraints(max_length=100)]
StructureName = Annotated[str, StringConstraints(max_length=200)]  # a partner, a place: never a person
PlaceName = Annotated[str, StringConstraints(max_length=100)]  # a commune, a sector
UserId = Annotated[str, StringConstraints(max_length=200)]
PostalCode = Annotated[str, Field(pattern=r"^\d{5}$", max_length=5, description="French postal code, 5 digits")]
SuppressedCount = Annotated[str, StringConstraints(max_length=10)]  # "<5", "*": a count not shown


class SealedPersonalData(BaseModel):
    """Personal data encrypted with the tenant's key (see passerelle.crypto); never in clear."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    algorithm: Literal["AES-256-GCM"]
    key_id: str = Field(max_length=100)
    nonce: str = Field(max_length=100)
    ciphertext: str = Field(max_length=256 * 1024)  # base64 of what a referral holds, under any request body


class TenantRegistered(EventPayload):
    event_type = "tenant.registered"
    event_version = 1
    topic = topics.TENANTS

    tenant_id: TenantSlug
    name: StructureName
    postal_codes: tuple[PostalCode, ...] = Field(default=(), max_length=1000)


class ReferralSubmitted(EventPayload):
    event_type = "referral.submitted"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    source: ReferralSource
    reasons: tuple[ReferralReason, ...] = Field(max_length=4)
    difficulties: tuple[Difficulty, ...] = Field(default=(), max_length=9)
    submitted_at: datetime


class ReferralReceiptCorrected(EventPayload):
    """The day a paper fiche was received, corrected: it counts on that day, and so does the delay to
    the first appointment."""

    event_type = "referral.receipt_corrected"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    submitted_at: datetime  # the receipt, as referral.submitted gives it


class ReferralAccepted(EventPayload):
    event_type = "referral.accepted"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    submitted_at: datetime
    accepted_at: datetime
    accepted_by: UserId
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
    to_tenant: TenantSlug
    transferred_at: datetime


class ReferralReceivedByTransfer(EventPayload):
    """A referral arrived whole from another tenant; it counts among this tenant's referrals received."""

    event_type = "referral.received_by_transfer"
    event_version = 1
    topic = topics.REFERRALS

    referral_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    from_tenant: TenantSlug
    source: ReferralSource
    reasons: tuple[ReferralReason, ...] = Field(max_length=4)
    difficulties: tuple[Difficulty, ...] = Field(default=(), max_length=9)
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
    # opened by a mediator for a person met during this outreach action: the outreach service counts the
    # redirection on it
    outreach_action_id: uuid.UUID | None = None


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
    scheme: Scheme | None = None  # procedures
    channel: ProcedureChannel | None = None  # procedures: LUP referrals count apart
    partner_type: str | None = Field(default=None, max_length=40)  # orientations: a structure, never a person
    partner_name: StructureName | None = None
    # orientations: the directory's structure; None for one named before the directory was used, until a
    # coordinator matches its name (the cases service's « Partenaires des orientations » page)
    partner_id: uuid.UUID | None = None


class CaseActivityCorrected(CaseActivityRecorded):
    """An activity as corrected by a mediator (its new date or details); replaces what was recorded."""

    event_type = "case.activity_corrected"
    event_version = 1


class CaseActivityDeleted(EventPayload):
    """An activity deleted from the timeline: it no longer counts."""

    event_type = "case.activity_deleted"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    activity_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: ActivityKind


class CaseProcedureStatusChanged(EventPayload):
    event_type = "case.procedure_status_changed"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    activity_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    scheme: Scheme
    channel: ProcedureChannel
    status: ProcedureStatus
    changed_on: date


class CaseOrientationOutcomeRecorded(EventPayload):
    event_type = "case.orientation_outcome_recorded"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    activity_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    outcome: OrientationOutcome
    recorded_on: date


class CaseAppointmentMissed(EventPayload):
    """A planned appointment the person did not come to (reporting's « Rendez-vous non honorés»), counted on
    its own day. One cancelled beforehand is no event; one held is the activity it recorded."""

    event_type = "case.appointment_missed"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    appointment_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    kind: Literal["appointment", "accompaniment"]
    missed_on: date


class CaseClosed(EventPayload):
    event_type = "case.closed"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    referral_id: uuid.UUID | None
    closed_on: date
    outcome: ClosureOutcome
    satisfaction: int | None = Field(default=None, ge=1, le=5)


class CaseReopened(EventPayload):
    event_type = "case.reopened"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    referral_id: uuid.UUID | None
    reopened_on: date


class CaseDatesCorrected(EventPayload):
    """A case's opening day, or its last closure's day, corrected: reporting counts them on the new days."""

    event_type = "case.dates_corrected"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    opened_on: date
    closed_on: date | None  # the last closure's day, when the case is closed


class CaseTransferred(EventPayload):
    """The case left this tenant for another (the person moved); this tenant keeps a tombstone."""

    event_type = "case.transferred"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    to_tenant: TenantSlug
    transferred_on: date


class CaseReceivedByTransfer(EventPayload):
    event_type = "case.received_by_transfer"
    event_version = 1
    topic = topics.CASES

    case_id: uuid.UUID
    beneficiary_pid: uuid.UUID
    from_tenant: TenantSlug
    opened_on: date


class BeneficiaryErased(EventPayload):
    """At the person's request their personal data was erased; services drop what they hold of
    them. Counts stay true through the pseudonymous id."""

    event_type = "beneficiary.erased"
    event_version = 1
    topic = topics.CASES

    beneficiary_pid: uuid.UUID
    case_id: uuid.UUID
    referral_id: uuid.UUID | None
    erased_at: datetime


class BeneficiaryAnonymised(EventPayload):
    """The person's file reached the end of its retention (2 years after the last contact by default,
    CNIL 2023-095): identity and free texts emptied, their key destroyed; services drop what they hold
    of them. The counts stay true through the pseudonymous id."""

    event_type = "beneficiary.anonymised"
    event_version = 1
    topic = topics.CASES

    beneficiary_pid: uuid.UUID
    case_id: uuid.UUID
    referral_id: uuid.UUID | None
    anonymised_at: datetime
    last_contact_on: date


Theme = Literal[
    "nutrition",
    "physical_activity",
    "cancer_screening",
    "vaccination",
    "womens_health",
    "addictions",
    "mental_health",
    "access_to_rights",
    "other",
]
PartnerType = Literal["health", "social", "medico_social", "institution", "association"]


class OutreachActionRecorded(EventPayload):
    event_type = "outreach.action_recorded"
    event_version = 1
    topic = topics.OUTREACH

    action_id: uuid.UUID
    kind: OutreachKind
    occurred_on: date
    people_met: int = Field(ge=0)
    people_redirected: int = Field(ge=0)
    duration_minutes: int | None = Field(default=None, ge=0)
    commune: PlaceName | None = None
    themes: tuple[Theme, ...] = Field(default=(), max_length=9)
    partner_ids: tuple[uuid.UUID, ...] = Field(default=(), max_length=50)


class OutreachActionUpdated(OutreachActionRecorded):
    """A recorded action corrected; replaces what was recorded."""

    event_type = "outreach.action_updated"
    event_version = 1


class OutreachActionCancelled(EventPayload):
    """An action cancelled (planned and not held, or recorded by mistake): it no longer counts."""

    event_type = "outreach.action_cancelled"
    event_version = 1
    topic = topics.OUTREACH

    action_id: uuid.UUID
    kind: OutreachKind


class OutreachPersonRedirected(EventPayload):
    """A person met during an action is being referred or followed; their identity goes only to the
    referral or cases service's form."""

    event_type = "outreach.person_redirected"
    event_version = 1
    topic = topics.OUTREACH

    action_id: uuid.UUID
    channel: Literal["referral", "case"]
    redirected_on: date


class PartnerRegistered(EventPayload):
    """A structure of the network (never a person: the contact point stays in the outreach service)."""

    event_type = "partner.registered"
    event_version = 1
    topic = topics.OUTREACH

    partner_id: uuid.UUID
    name: StructureName
    type: PartnerType
    sector: PlaceName | None = None
    commune: PlaceName | None = None
    active: bool = True
    shared: bool = False


class CasePartnerAdded(EventPayload):
    """A structure a mediator named in an orientation, or a coordinator while matching orientations, that
    the directory did not have: the outreach service adds it to the tenant's directory under this id."""

    event_type = "case.partner_added"
    event_version = 1
    topic = topics.CASES

    partner_id: uuid.UUID
    name: StructureName
    type: PartnerType


class PartnerUpdated(PartnerRegistered):
    event_type = "partner.updated"
    event_version = 1


class MonthlyIndicators(EventPayload):
    """One tenant's indicators over one calendar month (definitions: reporting's /indicators), for
    its subscribers; published again, with the next revision, whenever a figure changes (a late
    entry, a correction, a deletion). Keyed `<tenant>:<month>`: the compacted topic keeps the latest."""

    event_type = "indicators.monthly"
    event_version = 1
    topic = topics.indicators_topic("{tenant}")  # one topic per tenant; the outbox row names the tenant's

    tenant_id: TenantSlug
    month: str = Field(pattern=r"^\d{4}-\d{2}$", max_length=7, description="YYYY-MM, Europe/Paris")
    revision: int = Field(ge=1, description="1 at the first publication, then +1 at each change")
    indicators: dict[str, int | float | None]
    breakdowns: dict[str, dict[str, int]]


class DepartementMonthlyIndicators(EventPayload):
    """A tenant's month for the département's subscribers: every count from 1 to 4 shows as "<5",
    a ratio over fewer than 5 or beside a masked operand as null, and an indicator that a breakdown
    adds up to as "*" when one of its parts is masked: no person can be singled out, nor worked out."""

    event_type = "indicators.departement_monthly"
    event_version = 1
    topic = topics.INDICATORS_DEPARTEMENT

    tenant_id: TenantSlug
    month: str = Field(pattern=r"^\d{4}-\d{2}$", max_length=7, description="YYYY-MM, Europe/Paris")
    revision: int = Field(ge=1)
    threshold: int = Field(description="counts under it are suppressed")
    indicators: dict[str, int | float | SuppressedCount | None]
    breakdowns: dict[str, dict[str, int | SuppressedCount]]
