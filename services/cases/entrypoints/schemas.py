"""Case API bodies and answers. An activity is one of several kinds, each with its own fields."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from passerelle import clock
from passerelle.contracts.events import AppointmentMode, ClosureOutcome, OrientationOutcome, ProcedureChannel, Scheme
from passerelle.contracts.events import PartnerType as DirectoryType
from passerelle.identity import BeneficiaryIn
from passerelle.validation import not_in_future

Barrier = Literal[
    "no_health_coverage",
    "no_gp",
    "language",
    "digital",
    "mobility",
    "financial",
    "housing",
    "isolation",
    "health_literacy",
    "administrative",
    "other",
]
PartnerType = Literal[
    "gp",
    "pass",
    "cmp",
    "dentist",
    "specialist",
    "social_worker",
    "digital_inclusion",
    "public_writer",
    "collective_action",
    "other",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ActivityBase(Strict):
    occurred_on: date = Field(description="the day it happened, as the mediator enters it")
    comment: str | None = Field(default=None, max_length=2000)

    _past = field_validator("occurred_on")(lambda cls, v: not_in_future(v))


class AppointmentIn(ActivityBase):
    kind: Literal["appointment"]
    mode: AppointmentMode
    duration_minutes: int | None = Field(default=None, ge=1, le=600)


class ProcedureIn(ActivityBase):
    kind: Literal["procedure"]
    scheme: Scheme
    scheme_other: str | None = Field(default=None, max_length=100, validate_default=True)
    channel: ProcedureChannel = "standard"

    @field_validator("scheme_other")
    @classmethod
    def name_the_other_scheme(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and info.data.get("scheme") == "other":
            raise PydanticCustomError("other_required", "name the scheme")
        return value


class AccompanimentIn(ActivityBase):
    kind: Literal["accompaniment"]
    destination: str = Field(min_length=1, max_length=200, description="where the person was accompanied")
    duration_minutes: int | None = Field(default=None, ge=1, le=720)


class OrientationIn(ActivityBase):
    """The structure is the partner directory's: chosen by its id, or named (a name the directory has, accents,
    case and small words aside, is that structure; another is added to the tenant's directory, unless
    `new_partner` is false)."""

    kind: Literal["orientation"]
    partner_type: PartnerType
    partner_id: uuid.UUID | None = Field(default=None, description="the directory's structure (GET /cases/partners)")
    partner_name: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="the structure, never a person's name",
        validate_default=True,
    )
    new_partner: bool = Field(default=True, description="a name the directory does not have: add it, or refuse")

    @field_validator("partner_name")
    @classmethod
    def name_the_structure(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and info.data.get("partner_id") is None:
            raise PydanticCustomError("missing", "Field required: the structure's name, or its directory partner_id")
        return value


class MedicalAppointmentBookedIn(ActivityBase):
    kind: Literal["medical_appointment_booked"]
    specialty: str | None = Field(default=None, max_length=100)


class CoordinationMeetingIn(ActivityBase):
    kind: Literal["coordination_meeting"]
    meeting: Literal["rcp", "dac", "other"]


class NoteIn(ActivityBase):
    kind: Literal["note"]
    comment: str = Field(min_length=1, max_length=2000)


ActivityIn = Annotated[
    AppointmentIn
    | ProcedureIn
    | AccompanimentIn
    | OrientationIn
    | MedicalAppointmentBookedIn
    | CoordinationMeetingIn
    | NoteIn,
    Field(discriminator="kind"),
]


class CaseOpenIn(Strict):
    beneficiary: BeneficiaryIn
    barriers: list[Barrier] = Field(default_factory=list, max_length=11)
    opened_on: date = Field(default_factory=clock.today, description="the day the follow-up began (today by default)")
    outreach_action_id: uuid.UUID | None = Field(
        default=None, description="the outreach action where the person was met: the redirection counts there"
    )
    _past = field_validator("opened_on")(lambda cls, v: not_in_future(v))


class BarriersIn(Strict):
    barriers: list[Barrier] = Field(max_length=11)


class ProcedureStatusIn(Strict):
    status: Literal["submitted", "granted", "refused"]
    changed_on: date
    _past = field_validator("changed_on")(lambda cls, v: not_in_future(v))


class OutcomeIn(Strict):
    outcome: OrientationOutcome
    recorded_on: date
    _past = field_validator("recorded_on")(lambda cls, v: not_in_future(v))


class CloseIn(Strict):
    outcome: ClosureOutcome
    satisfaction: int | None = Field(default=None, ge=1, le=5, description="the person's satisfaction, 1 to 5")
    closed_on: date = Field(default_factory=clock.today)
    _past = field_validator("closed_on")(lambda cls, v: not_in_future(v))


class DatesIn(Strict):
    opened_on: date | None = Field(default=None, description="the day the follow-up began")
    closed_on: date | None = Field(default=None, description="the last closure's day (a closed case)")
    _past = field_validator("opened_on", "closed_on")(lambda cls, v: v if v is None else not_in_future(v))

    @model_validator(mode="after")
    def one_date_at_least(self) -> DatesIn:
        if self.opened_on is None and self.closed_on is None:
            raise PydanticCustomError("nothing_to_correct", "give opened_on, closed_on or both")
        return self


class ReopenIn(Strict):
    reopened_on: date = Field(default_factory=clock.today, description="not before the closure (today by default)")
    _past = field_validator("reopened_on")(lambda cls, v: not_in_future(v))


class AssignIn(Strict):
    mediator: str = Field(min_length=1, max_length=200, description="the mediator's user id")


class TransferIn(Strict):
    to_tenant: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9-]*$")


class PlannedAppointmentIn(Strict):
    """An appointment to come: an individual meeting (its mode), or a physical accompaniment (where to)."""

    kind: Literal["appointment", "accompaniment"] = "appointment"
    starts_at: datetime = Field(description="its day and time; without a time zone, Paris time")
    duration_minutes: int | None = Field(default=None, ge=1, le=720)
    mode: AppointmentMode | None = None
    place: str | None = Field(default=None, max_length=200, description="where: a drop-in, a social centre, home…")
    with_whom: str | None = Field(default=None, max_length=200, description="the professional or structure met")
    comment: str | None = Field(default=None, max_length=2000)
    mediator: str | None = Field(
        default=None, max_length=200, description="the team member who holds it; by default whoever follows the case"
    )

    @field_validator("starts_at")
    @classmethod
    def paris_time(cls, value: datetime) -> datetime:
        return value.replace(tzinfo=clock.PARIS) if value.tzinfo is None else value


class SettlementIn(Strict):
    """Whether it took place: held (the activity is recorded on its day), missed (counted), or cancelled."""

    status: Literal["held", "missed", "cancelled"]
    duration_minutes: int | None = Field(default=None, ge=1, le=720, description="held: how long it lasted")
    comment: str | None = Field(default=None, max_length=2000, description="held: what was done")


class PlannedAppointmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    starts_at: datetime
    duration_minutes: int | None
    mode: str | None
    place: str | None
    with_whom: str | None
    comment: str | None
    mediator: str
    planned_by: str
    status: str
    settled_by: str | None
    settled_at: datetime | None
    activity_id: uuid.UUID | None = Field(description="held: the activity it recorded")


class AgendaItemOut(PlannedAppointmentOut):
    last_name: str | None
    first_name: str | None


class RevisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    change: str
    by: str
    at: datetime
    before: dict


class ActivityOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    occurred_on: date
    duration_minutes: int | None
    comment: str | None
    details: dict
    author: str
    recorded_at: datetime
    deleted_at: datetime | None = None
    revisions: list[RevisionOut] = []


class OpenPeriod(BaseModel):
    opened_on: date
    closed_on: date


class CaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    status: str
    beneficiary_pid: uuid.UUID
    opened_on: date
    referral_id: uuid.UUID | None
    assigned_to: str | None
    last_name: str | None
    first_name: str | None
    birth_date: date | None
    phone: str | None
    address: str | None
    postal_code: str | None
    commune: str | None
    barriers: list[str]
    referral_context: dict | None = Field(
        default=None, description="what the fiche said: motifs, difficulties, observations, referrer"
    )
    closed_on: date | None
    reopened_on: date | None
    earlier_periods: list[OpenPeriod] = Field(description="the periods it was open before its last reopening")
    identity_history: list[dict] = Field(description="who corrected the identity or contact, when, which fields")
    closure_outcome: str | None
    satisfaction: int | None
    transferred_to: str | None
    transferred_from: str | None
    erased_at: datetime | None
    timeline: list[ActivityOut]
    planned: list[PlannedAppointmentOut] = Field(description="the appointments still planned, the soonest first")


class CaseSummary(BaseModel):
    id: uuid.UUID
    status: str
    opened_on: date
    referral_id: uuid.UUID | None
    assigned_to: str | None
    last_name: str | None
    first_name: str | None
    last_activity_on: date
    next_appointment_at: datetime | None = Field(default=None, description="its next planned appointment")


class CaseloadPage(BaseModel):
    items: list[CaseSummary]
    total: int
    limit: int
    offset: int


class AccessOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    case_id: uuid.UUID
    by: str
    action: str
    at: datetime


class ExtensionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    case_id: uuid.UUID
    until: date
    reason: str
    by: str
    at: datetime


class CaseExport(BaseModel):
    """Everything held on the person in this case: identity, timeline with every revision, accesses, a
    retention extension and its reason (every field the inventory of personal data declares for them)."""

    exported_at: datetime
    case: CaseOut
    activities: list[ActivityOut]
    access_log: list[AccessOut]
    retention_extension: ExtensionOut | None


class DirectoryPartnerOut(BaseModel):
    """A structure of the partner directory an orientation may name."""

    id: uuid.UUID
    name: str
    type: str
    commune: str | None
    ours: bool = Field(description="the tenant's own, or another's that shares it with the département")


class UnmatchedNameOut(BaseModel):
    name: str = Field(description="a structure as orientations recorded before the directory named it")
    orientations: int
    proposals: list[DirectoryPartnerOut] = Field(description="the partners it probably is, best first")


class MatchIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    partner_id: uuid.UUID | None = Field(default=None, description="the directory's structure it is")
    new_type: DirectoryType | None = Field(
        default=None,
        description="none of them: the structure is added to the directory, of this type",
        validate_default=True,
    )

    @field_validator("new_type")
    @classmethod
    def one_answer(cls, value: str | None, info: ValidationInfo) -> str | None:
        if (value is None) == (info.data.get("partner_id") is None):
            raise PydanticCustomError("one_answer", "give partner_id, or new_type for a structure to add")
        return value
