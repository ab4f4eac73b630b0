"""Outreach API bodies and answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from passerelle import clock
from passerelle.contracts.events import OutreachKind, PartnerType, Theme


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActionDetails(Strict):
    start_time: time | None = Field(default=None, description="when it starts, Paris time (14:00)")
    duration_minutes: int | None = Field(default=None, ge=1, le=24 * 60)
    commune: str | None = Field(default=None, max_length=100)
    neighbourhood: str | None = Field(default=None, max_length=100, description="neighbourhood or QPV")
    themes: list[Theme] = Field(default_factory=list, max_length=9)
    partner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    mediators: list[str] = Field(default_factory=list, max_length=20, description="user ids of the mediators present")
    notes: str | None = Field(default=None, max_length=2000, description="no personal data")


class HeadCounts(Strict):
    people_met: int = Field(default=0, ge=0, le=100_000, description="anonymous head count")
    people_redirected: int = Field(default=0, ge=0, description="people redirected to an individual appointment")

    @model_validator(mode="after")
    def redirected_among_met(self):
        if self.people_redirected > self.people_met:
            raise PydanticCustomError("redirected_over_met", "people_redirected cannot exceed people_met")
        return self


class ActionIn(ActionDetails, HeadCounts):
    kind: OutreachKind
    occurred_on: date

    @field_validator("occurred_on")
    @classmethod
    def not_in_future(cls, value: date) -> date:
        if value > clock.today():
            raise PydanticCustomError(
                "date_in_future", "an action is recorded once it has happened; plan future ones as a series"
            )
        return value


class OccurrenceIn(ActionDetails, HeadCounts):
    """What happened at a planned occurrence (or a correction of a recorded action)."""


class SeriesIn(ActionDetails):
    kind: OutreachKind
    first: date = Field(description="the first occurrence")
    until: date = Field(description="the last day a weekly occurrence may fall on")


class RedirectionIn(Strict):
    channel: str = Field(pattern="^(referral|case)$", description="referral: a fiche d'orientation; case: a case file")


class PartnerIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    type: PartnerType
    sector: str | None = Field(default=None, max_length=100)
    commune: str | None = Field(default=None, max_length=100)
    contact_point: str | None = Field(
        default=None, max_length=300, description="the structure's reception, not a person"
    )
    active: bool = True
    shared: bool = Field(default=False, description="visible to the département's other tenants")


class ActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: str
    occurred_on: date
    people_met: int
    people_redirected: int
    start_time: time | None = None
    duration_minutes: int | None
    commune: str | None
    neighbourhood: str | None
    themes: list[str]
    partner_ids: list[uuid.UUID]
    mediators: list[str]
    notes: str | None
    series_id: uuid.UUID | None
    recorded_by: str
    recorded_at: datetime


class ActionPage(BaseModel):
    items: list[ActionOut]
    total: int


class PartnerOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    type: str
    sector: str | None
    commune: str | None
    contact_point: str | None
    active: bool
    shared: bool
    ours: bool = True
    actions: int = 0
    orientations: int = 0
