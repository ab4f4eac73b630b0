"""Cases, their timeline of activities, and the rules of each. Plain Python: no framework here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from cases.domain.agenda import PLANNED_KINDS, AppointmentStatus, PlannedAppointment, require_not_past
from passerelle.clock import paris_day
from passerelle.errors import InvalidInput, InvalidTransition, NotFound
from passerelle.privacy.inventory import ACTIVITIES, CASES, IDENTITY, PLANNED_APPOINTMENTS
from passerelle.tenancy import TenantOwned


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    TRANSFERRED = "transferred"


# A procedure to open or recover rights: started → submitted → granted | refused.
PROCEDURE_NEXT = {"started": {"submitted"}, "submitted": {"granted", "refused"}, "granted": set(), "refused": set()}
# An orientation's outcome, known later; "unknown" may still turn into followed or not.
OUTCOME_NEXT = {
    None: {"followed", "not_followed", "unknown"},
    "unknown": {"followed", "not_followed"},
    "followed": set(),
    "not_followed": set(),
}
IDENTITY_FIELDS = tuple(IDENTITY)
# Who cancelled what a case still had planned when it closed or left for another tenant (not a person).
CLOSURE, TRANSFER = "closure", "transfer"
# What the case file keeps of its referral's fiche, to say why the person came (shown on the case file).
REFERRAL_CONTEXT = ("source", "reasons", "reason_other", "difficulties", "difficulty_other", "observations", "referrer")
# The fiche's difficulties that are barriers of the case file, to start its « Freins repérés » (editable).
BARRIERS_FROM_DIFFICULTIES = {
    "socio_economic": "financial",
    "isolation": "isolation",
    "exile": "language",
    "digital_exclusion": "digital",
}


def barriers_from(context: dict) -> list[str]:
    """The barriers a fiche's difficulties name ("Exil, barrière de la langue": language)."""
    return sorted(
        {BARRIERS_FROM_DIFFICULTIES[d] for d in context.get("difficulties") or () if d in BARRIERS_FROM_DIFFICULTIES}
    )


@dataclass(eq=False)
class ActivityRevision(TenantOwned):
    """What an activity was before a correction or a deletion: the timeline loses nothing."""

    id: uuid.UUID
    tenant_id: str
    activity_id: uuid.UUID
    change: str  # corrected | deleted
    by: str
    at: datetime
    before: dict


@dataclass(eq=False)
class Activity(TenantOwned):
    """One entry of a case's timeline, counted on the day it happened (`occurred_on`).

    `details` holds what the kind needs: appointment mode; procedure scheme, channel, status and
    its history; orientation partner and outcome; and so on.
    """

    id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    kind: str
    occurred_on: date
    author: str
    recorded_at: datetime
    duration_minutes: int | None = None
    comment: str | None = None
    details: dict = field(default_factory=dict)
    deleted_at: datetime | None = None
    revisions: list[ActivityRevision] = field(default_factory=list)

    def snapshot(self) -> dict:
        return {
            "kind": self.kind,
            "occurred_on": self.occurred_on.isoformat(),
            "comment": self.comment,
            "duration_minutes": self.duration_minutes,
            "details": dict(self.details),
        }

    def revise(self, change: str, *, by: str, at: datetime) -> None:
        self.revisions.append(
            ActivityRevision(
                id=uuid.uuid4(),
                tenant_id=self.tenant_id,
                activity_id=self.id,
                change=change,
                by=by,
                at=at,
                before=self.snapshot(),
            )
        )

    def move_procedure_to(self, status: str, *, on: date) -> None:
        self._require_kind("procedure")
        current = self.details["status"]
        if status not in PROCEDURE_NEXT[current]:
            raise InvalidTransition(f"a procedure that is {current} cannot become {status}", current_state=current)
        self._require_not_before(on, "changed_on")
        self.details = {
            **self.details,
            "status": status,
            "history": [*self.details.get("history", []), {"status": status, "on": on.isoformat()}],
        }

    def record_outcome(self, outcome: str, *, on: date) -> None:
        self._require_kind("orientation")
        current = self.details.get("outcome")
        if outcome not in OUTCOME_NEXT[current]:
            raise InvalidTransition(f"this orientation's outcome is already {current}", current_state=str(current))
        self._require_not_before(on, "recorded_on")
        self.details = {**self.details, "outcome": outcome, "outcome_on": on.isoformat()}

    def _require_kind(self, kind: str) -> None:
        if self.kind != kind or self.deleted_at is not None:
            raise InvalidTransition(f"this activity is not a {kind}", current_state=self.kind)

    def _require_not_before(self, on: date, name: str) -> None:
        if on < self.occurred_on:
            raise InvalidInput(name, "cannot be before the activity itself")


@dataclass(eq=False)
class Case(TenantOwned):
    """The follow-up of one beneficiary. Outside this service the person is a pseudonymous id."""

    id: uuid.UUID
    tenant_id: str
    beneficiary_pid: uuid.UUID
    opened_on: date
    opened_at: datetime
    assigned_to: str | None  # the mediator who follows the person; None until assigned
    referral_id: uuid.UUID | None = None
    referral_submitted_at: datetime | None = None
    outreach_action_id: uuid.UUID | None = None  # opened for a person met during this outreach action
    last_name: str | None = None
    first_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    address: str | None = None
    postal_code: str | None = None
    commune: str | None = None
    barriers: list[str] = field(default_factory=list)
    # why the person was referred, as the fiche said it (REFERRAL_CONTEXT); None for a case opened directly
    referral_context: dict | None = None
    status: str = CaseStatus.OPEN
    closed_on: date | None = None
    closure_outcome: str | None = None
    satisfaction: int | None = None
    transferred_to: str | None = None
    transferred_from: str | None = None
    erased_at: datetime | None = None
    reopened_on: date | None = None  # the last reopening: a contact, for the retention of the file
    # the periods it was open before its last reopening: [{"opened_on": iso, "closed_on": iso}], oldest first
    earlier_periods: list[dict] = field(default_factory=list)
    # each correction of the identity or the contact: [{"at", "on" (its Paris day), "by", "changed": [field, …]}]
    # (which fields, never their former values)
    identity_history: list[dict] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    appointments: list[PlannedAppointment] = field(default_factory=list)  # cases.domain.agenda

    @property
    def period_start(self) -> date:
        """The first day of the current (or, closed, the last) period the case was open."""
        return self.reopened_on or self.opened_on

    def was_open_on(self, day: date) -> bool:
        """Whether the case was open that day: in one of its periods, the current one included."""
        periods = [
            (date.fromisoformat(p["opened_on"]), date.fromisoformat(p["closed_on"])) for p in self.earlier_periods
        ]
        last_end = self.closed_on if self.status == CaseStatus.CLOSED else None
        periods.append((self.period_start, last_end or date.max))
        return any(start <= day <= end for start, end in periods)

    @property
    def timeline(self) -> list[Activity]:
        """Activities still standing, the latest first."""
        return sorted(
            (a for a in self.activities if a.deleted_at is None),
            key=lambda a: (a.occurred_on, a.recorded_at),
            reverse=True,
        )

    def record_activity(self, activity: Activity) -> None:
        """Late entries from paper are welcome: on a closed case, one dated while it was open; one
        dated after its closure needs it reopened. An appointment is not before the referral's receipt
        (the delay to the first appointment is never negative)."""
        if self.status == CaseStatus.CLOSED and not self.was_open_on(activity.occurred_on):
            assert self.closed_on is not None
            if activity.occurred_on > self.closed_on:
                self._require_open("record an activity after its closure on")  # reopen it first
            raise InvalidInput("occurred_on", "the case was not open that day")
        if self.status != CaseStatus.CLOSED:
            self._require_open("record an activity on")
        self.require_after_receipt(activity.kind, activity.occurred_on)
        self.activities.append(activity)

    def require_after_receipt(self, kind: str, day: date) -> None:
        received = paris_day(self.referral_submitted_at) if self.referral_submitted_at else None
        if kind == "appointment" and received is not None and day < received:
            raise InvalidInput("occurred_on", "cannot be before the referral was received")

    def activity(self, activity_id: uuid.UUID) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id and activity.deleted_at is None:
                return activity
        raise NotFound("activity")

    def plan(self, appointment: PlannedAppointment, *, today: date) -> None:
        """An appointment to come, on a case that is open (cases.domain.agenda)."""
        self._require_open("plan an appointment on")
        if appointment.kind not in PLANNED_KINDS:
            raise InvalidInput("kind", "only a meeting or an accompaniment is planned")
        require_not_past(appointment.starts_at, today)
        self.appointments.append(appointment)

    def appointment(self, appointment_id: uuid.UUID) -> PlannedAppointment:
        for appointment in self.appointments:
            if appointment.id == appointment_id:
                return appointment
        raise NotFound("appointment")

    @property
    def planned(self) -> list[PlannedAppointment]:
        """The appointments still planned, the soonest first."""
        waiting = (a for a in self.appointments if a.status == AppointmentStatus.PLANNED)
        return sorted(waiting, key=lambda a: a.starts_at)

    def _cancel_planned(self, *, by: str, at: datetime) -> None:
        for appointment in self.planned:
            appointment.settle(AppointmentStatus.CANCELLED, by=by, at=at)

    def close(self, *, outcome: str, satisfaction: int | None, on: date, at: datetime) -> None:
        """Closed on `on`; what was still planned is cancelled (`at`: the moment the closure is entered)."""
        self._require_open("close")
        self._require_closure_not_before(on, self.period_start)
        self._cancel_planned(by=CLOSURE, at=at)
        self.status, self.closed_on, self.closure_outcome, self.satisfaction = (
            CaseStatus.CLOSED,
            on,
            outcome,
            satisfaction,
        )

    def reopen(self, *, on: date) -> None:
        if self.status != CaseStatus.CLOSED:
            raise InvalidTransition(f"a case that is {self.status} cannot be reopened", current_state=self.status)
        assert self.closed_on is not None
        if on < self.closed_on:
            raise InvalidInput("reopened_on", "cannot be before the case was closed")
        period = {"opened_on": self.period_start.isoformat(), "closed_on": self.closed_on.isoformat()}
        self.earlier_periods = [*self.earlier_periods, period]
        self.status, self.closed_on, self.closure_outcome, self.satisfaction = CaseStatus.OPEN, None, None, None
        self.reopened_on = on

    def correct_dates(self, *, opened_on: date | None, closed_on: date | None) -> None:
        """Correct the opening day, or the last closure's day; each stays within the facts around it:
        the receipt of the referral, the first closure, the last reopening."""
        opening = opened_on or self.opened_on
        if closed_on is not None:
            if self.status != CaseStatus.CLOSED:
                raise InvalidTransition("only a closed case has a closure day to correct", current_state=self.status)
            self._require_closure_not_before(closed_on, self.reopened_on or opening)
        if opened_on is not None:
            first_end = date.fromisoformat(self.earlier_periods[0]["closed_on"]) if self.earlier_periods else None
            first_end = first_end or closed_on or self.closed_on
            if first_end is not None and opened_on > first_end:
                raise InvalidInput("opened_on", "cannot be after the case was closed")
            if self.referral_submitted_at and opened_on < paris_day(self.referral_submitted_at):
                raise InvalidInput("opened_on", "cannot be before the referral was received")
            self.opened_on = opened_on
            if self.earlier_periods:
                first = {**self.earlier_periods[0], "opened_on": opened_on.isoformat()}
                self.earlier_periods = [first, *self.earlier_periods[1:]]
        if closed_on is not None:
            self.closed_on = closed_on

    def transfer_to(self, tenant: str, *, at: datetime) -> Case:
        """Hand the case whole to `tenant` (the person moved; another tenant:
        passerelle.registry.require_transfer_target); this one becomes a tombstone."""
        self._require_open("transfer")
        received = Case(
            id=uuid.uuid4(),
            tenant_id=tenant,
            beneficiary_pid=self.beneficiary_pid,
            opened_on=paris_day(at),
            opened_at=at,
            assigned_to=None,
            transferred_from=self.tenant_id,
            barriers=list(self.barriers),
            referral_context=self.referral_context,
            **{name: getattr(self, name) for name in IDENTITY_FIELDS},
        )
        for activity in self.timeline:
            received.activities.append(
                Activity(
                    id=uuid.uuid4(),
                    tenant_id=tenant,
                    case_id=received.id,
                    kind=activity.kind,
                    occurred_on=activity.occurred_on,
                    author=activity.author,
                    recorded_at=activity.recorded_at,
                    duration_minutes=activity.duration_minutes,
                    comment=activity.comment,
                    details=dict(activity.details),
                )
            )
        self.status, self.transferred_to = CaseStatus.TRANSFERRED, tenant
        self._cancel_planned(by=TRANSFER, at=at)
        self.erase_personal_data(at=at)
        return received

    def erase_personal_data(self, *, at: datetime) -> None:
        """Empty what names or describes the person, as the inventory of personal data declares it
        (passerelle.privacy.inventory); the activities stay, pseudonymous, for the counts."""
        CASES.erase(self)
        self.erased_at = at
        for activity in self.activities:
            ACTIVITIES.erase(activity)
            for revision in activity.revisions:
                revision.before = ACTIVITIES.emptied(revision.before)
        for appointment in self.appointments:
            PLANNED_APPOINTMENTS.erase(appointment)

    def _require_closure_not_before(self, closed_on: date, start: date) -> None:
        if closed_on < start:
            what = "reopened" if self.reopened_on else "opened"
            raise InvalidInput("closed_on", f"cannot be before the case was {what}")

    def correct_identity(self, identity: dict, *, by: str, at: datetime) -> list[str]:
        """The person's identity and contact as corrected (a new phone, an address, a misspelt name); the
        history says who changed which fields, when. Not once erased or handed to another tenant."""
        if self.erased_at is not None or self.status == CaseStatus.TRANSFERRED:
            raise InvalidTransition("nothing of the person is held here any more", current_state="erased")
        changed = [name for name in IDENTITY_FIELDS if getattr(self, name) != identity.get(name)]
        for name in changed:
            setattr(self, name, identity.get(name))
        if changed:
            correction = {"at": at.isoformat(), "on": paris_day(at).isoformat(), "by": by, "changed": changed}
            self.identity_history = [*self.identity_history, correction]
        return changed

    def _require_open(self, verb: str) -> None:
        if self.status != CaseStatus.OPEN:
            raise InvalidTransition(f"cannot {verb} a case that is {self.status}", current_state=self.status)


@dataclass(eq=False)
class AccessLogEntry(TenantOwned):
    """Who read, exported or erased a case file, and when."""

    id: uuid.UUID
    tenant_id: str
    case_id: uuid.UUID
    by: str
    action: str  # read | export | erase
    at: datetime
