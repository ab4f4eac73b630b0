"""Outreach API bodies and answers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passerelle.contracts.events import OutreachKind


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: OutreachKind
    occurred_on: date
    people_met: int = Field(default=0, ge=0, le=100_000, description="anonymous head count")
    people_redirected: int = Field(default=0, ge=0, description="people redirected to an individual appointment")
    commune: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, max_length=2000, description="no personal data")

    @field_validator("occurred_on")
    @classmethod
    def not_in_future(cls, value: date) -> date:
        if value > date.today():
            raise ValueError("an action is recorded once it has happened; it cannot be dated in the future")
        return value

    @model_validator(mode="after")
    def redirected_among_met(self) -> ActionIn:
        if self.people_redirected > self.people_met:
            raise ValueError("people_redirected: cannot exceed the number of people met")
        return self


class ActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    occurred_on: date
    people_met: int
    people_redirected: int
    commune: str | None
    notes: str | None
    recorded_by: str
    recorded_at: datetime
