"""The fiche d'orientation as the API receives it, with the reasons a field is refused."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from passerelle import clock
from passerelle.contracts.events import DeclineReason, Difficulty, ReferralReason, ReferralSource
from passerelle.identity import BeneficiaryIn, french_phone
from passerelle.validation import not_in_future

ConsentMethod = Literal["signed_form", "oral_with_professional", "digital"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReferrerIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    function: str = Field(min_length=1, max_length=100)
    structure: str = Field(min_length=1, max_length=200)
    phone: str | None = None
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="to be told when the referral is accepted, not kept, or its follow-up ends (no personal data)",
    )
    relationship: str | None = Field(default=None, max_length=200)

    _phone = field_validator("phone")(lambda cls, v: french_phone(v))


class ConsentIn(Strict):
    given: bool = Field(description="the person authorises transmission of the referral to the mediator")
    recorded_by: str = Field(min_length=1, max_length=200, description="who recorded the consent")
    method: ConsentMethod
    recorded_at: datetime

    @field_validator("given")
    @classmethod
    def must_be_given(cls, value: bool) -> bool:
        if not value:
            raise PydanticCustomError(
                "consent_not_given", "the person has not consented to the referral; without consent nothing is recorded"
            )
        return value

    @field_validator("recorded_at")
    @classmethod
    def not_in_future(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise PydanticCustomError(
                "datetime_without_timezone", "give the time zone (for instance 2026-03-01T10:00:00+01:00)"
            )
        if value > clock.now():
            raise PydanticCustomError("consent_in_future", "the consent cannot be recorded in the future")
        return value


class ReferralIn(Strict):
    source: ReferralSource = "professional"
    referrer: ReferrerIn | None = Field(default=None, validate_default=True)
    beneficiary: BeneficiaryIn
    reasons: list[ReferralReason] = Field(min_length=1, max_length=4)
    reason_other: str | None = Field(default=None, max_length=300, validate_default=True)
    difficulties: list[Difficulty] = Field(default_factory=list, max_length=9)
    difficulty_other: str | None = Field(default=None, max_length=300, validate_default=True)
    observations: str | None = Field(default=None, max_length=2000)
    consent: ConsentIn

    @field_validator("referrer")
    @classmethod
    def referrer_when_professional(cls, value: ReferrerIn | None, info: ValidationInfo) -> ReferrerIn | None:
        if value is None and info.data.get("source") == "professional":
            raise PydanticCustomError("referrer_required", "required when the source is a professional")
        return value

    @field_validator("reason_other")
    @classmethod
    def describe_other_reason(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and "other" in info.data.get("reasons", ()):
            raise PydanticCustomError("other_required", "describe the other reason")
        return value

    @field_validator("difficulty_other")
    @classmethod
    def describe_other_difficulty(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and "other" in info.data.get("difficulties", ()):
            raise PydanticCustomError("other_required", "describe the other difficulty")
        return value

    def domain_fields(self) -> dict:
        b = self.beneficiary
        return {
            "source": self.source,
            "referrer": self.referrer.model_dump() if self.referrer else None,
            "last_name": b.last_name,
            "first_name": b.first_name,
            "birth_date": b.birth_date,
            "phone": b.phone,
            "address": b.address,
            "postal_code": b.postal_code,
            "commune": b.commune,
            "reasons": list(dict.fromkeys(self.reasons)),
            "reason_other": self.reason_other,
            "difficulties": list(dict.fromkeys(self.difficulties)),
            "difficulty_other": self.difficulty_other,
            "observations": self.observations,
            "consent_recorded_by": self.consent.recorded_by,
            "consent_method": self.consent.method,
            "consent_recorded_at": self.consent.recorded_at,
        }


class TeamReferralIn(ReferralIn):
    """A fiche submitted through the API: the team may give the day a paper fiche was received."""

    received_on: date | None = Field(
        default=None,
        description="the day a paper fiche was received, typed later by the team (the team only; today by default)",
    )
    _past = field_validator("received_on")(lambda cls, v: v if v is None else not_in_future(v))

    def domain_fields(self) -> dict:
        return {**super().domain_fields(), "received_on": self.received_on}


class DecisionIn(Strict):
    decided_on: date = Field(default_factory=clock.today, description="not before the receipt (today by default)")
    _past = field_validator("decided_on")(lambda cls, v: not_in_future(v))


class ReceiptIn(Strict):
    received_on: date = Field(description="the day the paper fiche was received")
    _past = field_validator("received_on")(lambda cls, v: not_in_future(v))


class ReferralReceipt(BaseModel):
    id: uuid.UUID
    tenant: str
    status: str
    tracking_code: str
    submitted_at: datetime


class ReferralOut(BaseModel):
    """The referral as the tenant's mediators see it; a tombstone keeps no personal data."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: str
    source: str
    referrer: dict | None
    last_name: str | None
    first_name: str | None
    birth_date: date | None
    phone: str | None
    address: str | None
    postal_code: str | None
    commune: str | None
    reasons: list[str]
    reason_other: str | None
    difficulties: list[str]
    difficulty_other: str | None
    observations: str | None
    consent_method: str
    consent_recorded_by: str | None
    consent_recorded_at: datetime
    submitted_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decline_reason: str | None
    decline_note: str | None
    transferred_to: str | None
    transferred_from: str | None
    tracking_code: str | None


class InboxItem(ReferralOut):
    possible_duplicate: bool = False


class InboxPage(BaseModel):
    items: list[InboxItem]
    total: int
    limit: int
    offset: int


class DuplicateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: str
    submitted_at: datetime


class ReferralDetail(ReferralOut):
    possible_duplicates: list[DuplicateOut]


class DeclineIn(DecisionIn):
    reason: DeclineReason
    note: str | None = Field(default=None, max_length=500, description="the team's own: the service it was relayed to…")
    referrer_message: str | None = Field(
        default=None, max_length=500, description="what the referrer reads on the tracking page (no personal data)"
    )


class TransferIn(Strict):
    to_tenant: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")


class TrackingOut(BaseModel):
    """All a referrer learns through the tracking code: never the case."""

    status: Literal["received", "accepted", "declined", "closed"]
    since: date
