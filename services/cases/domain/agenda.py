"""What is coming: the appointments planned with a person, each becoming held or missed once its day came.

A planned appointment is not an activity: nothing counts until it is settled. Held, it records the
activity of its kind on the timeline (an individual meeting, or a physical accompaniment), dated its
own day; missed, it is a figure of its own (reporting's « Rendez-vous non honorés »); cancelled
beforehand, nothing. A case that closes or leaves for another tenant cancels what it still had planned."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from passerelle.clock import paris_day
from passerelle.errors import InvalidInput, InvalidTransition
from passerelle.tenancy import TenantOwned

PLANNED_KINDS = ("appointment", "accompaniment")  # the activities an appointment becomes when held


class AppointmentStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    MISSED = "missed"
    CANCELLED = "cancelled"


@dataclass(eq=False)
class PlannedAppointment(TenantOwned):
    """An appointment planned on a case: when, where, with whom, and which team member holds it."""

    id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    kind: str  # PLANNED_KINDS
    starts_at: datetime
    mediator: str  # the team member who holds it (their agenda)
    planned_by: str
    planned_at: datetime
    duration_minutes: int | None = None
    mode: str | None = None  # an individual meeting's mode (scheduled, phone, home visit…)
    place: str | None = None
    with_whom: str | None = None  # the professional or structure met with the person (a GP, the PASS…)
    comment: str | None = None
    status: str = AppointmentStatus.PLANNED
    settled_by: str | None = None
    settled_at: datetime | None = None
    activity_id: uuid.UUID | None = None  # the activity recorded when it was held

    @property
    def day(self) -> date:
        """The Paris day it is on: the day it counts on when held or missed."""
        return paris_day(self.starts_at)

    def is_due(self, today: date) -> bool:
        """Its day has come and nobody said yet whether it took place: the agenda asks."""
        return self.status == AppointmentStatus.PLANNED and self.day <= today

    def reschedule(self, *, starts_at: datetime, today: date, **details) -> None:
        """Another day or time, place, person met: only while it is still planned, never into the past."""
        self._require_planned()
        require_not_past(starts_at, today)
        self.starts_at = starts_at
        for name, value in details.items():
            setattr(self, name, value)

    def settle(self, status: AppointmentStatus, *, by: str, at: datetime) -> None:
        """Held or missed once its day came; cancelled at any time before it is settled."""
        self._require_planned()
        if status != AppointmentStatus.CANCELLED and self.day > paris_day(at):
            raise InvalidInput("status", "an appointment is held or missed once its day has come")
        self.status, self.settled_by, self.settled_at = status, by, at

    def _require_planned(self) -> None:
        if self.status != AppointmentStatus.PLANNED:
            raise InvalidTransition(f"this appointment is already {self.status}", current_state=self.status)


def require_not_past(starts_at: datetime, today: date) -> None:
    if paris_day(starts_at) < today:
        raise InvalidInput("starts_at", "a planned appointment cannot be in the past")


@dataclass(eq=False)
class CalendarFeed(TenantOwned):
    """A team member's agenda for their phone's calendar, at a secret address (only its hash is kept): one
    standing at a time; revoked, the address answers nothing."""

    token_hash: str
    tenant_id: str
    subject: str
    created_at: datetime
    revoked_at: datetime | None = None
