"""Case API bodies and answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passerelle.contracts.events import ActivityKind


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: ActivityKind
    occurred_on: date = Field(description="the day it happened, as the mediator enters it")
    duration_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    comment: str | None = Field(default=None, max_length=2000)

    @field_validator("occurred_on")
    @classmethod
    def not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("an activity cannot be dated in the future")
        return value


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    occurred_on: date
    duration_minutes: int | None
    comment: str | None
    author: str
    recorded_at: datetime


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: str
    beneficiary_pid: uuid.UUID
    opened_on: date
    referral_id: uuid.UUID | None
    activities: list[ActivityOut]
