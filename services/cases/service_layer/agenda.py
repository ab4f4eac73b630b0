"""What is coming: planning an appointment on a case, moving it, saying whether it took place; the
agenda of a team member or of the team; the next appointment of each case (cases.domain.agenda)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from cases.domain.agenda import AppointmentStatus, PlannedAppointment
from cases.domain.model import Case, CaseStatus
from cases.service_layer.queries import load_case
from cases.service_layer.timeline import add_activity
from passerelle import clock
from passerelle.contracts.events import CaseAppointmentMissed
from passerelle.db import UnitOfWork
from passerelle.errors import InvalidInput

DETAILS = ("duration_minutes", "mode", "place", "with_whom", "comment")


async def plan(
    *,
    uow: UnitOfWork,
    case_id: uuid.UUID,
    by: str,
    kind: str,
    starts_at: datetime,
    mediator: str | None,
    appointment_id: uuid.UUID | None = None,
    **details,
) -> PlannedAppointment:
    """An appointment to come on an open case, in the agenda of `mediator` (by default whoever follows the
    case, else whoever plans it). `appointment_id`: the one its idempotency key names, else a new one."""
    case = await load_case(uow=uow, case_id=case_id)
    appointment = PlannedAppointment(
        id=appointment_id or uuid.uuid4(),
        tenant_id=uow.own_tenant,
        case_id=case.id,
        kind=kind,
        starts_at=starts_at,
        mediator=mediator or case.assigned_to or by,
        planned_by=by,
        planned_at=clock.now(),
        **{name: details.get(name) for name in DETAILS},
    )
    _require_destination(appointment)
    case.plan(appointment, today=clock.today())
    await uow.commit()
    return appointment


async def reschedule(
    *,
    uow: UnitOfWork,
    case_id: uuid.UUID,
    appointment_id: uuid.UUID,
    starts_at: datetime,
    mediator: str | None,
    **details,
) -> PlannedAppointment:
    """Another day or time, place, person met, or team member (unchanged when not given)."""
    case = await load_case(uow=uow, case_id=case_id)
    appointment = case.appointment(appointment_id)
    appointment.reschedule(
        starts_at=starts_at,
        today=clock.today(),
        mediator=mediator or appointment.mediator,
        **{name: details.get(name) for name in DETAILS},
    )
    _require_destination(appointment)
    await uow.commit()
    return appointment


async def settle(
    *,
    uow: UnitOfWork,
    case_id: uuid.UUID,
    appointment_id: uuid.UUID,
    status: AppointmentStatus,
    by: str,
    duration_minutes: int | None = None,
    comment: str | None = None,
) -> PlannedAppointment:
    """Held: the activity of its kind is recorded on its day (its duration and what was said, as the mediator
    adds them); missed: announced, for the figure; cancelled: nothing more. Two taps at once from two phones
    settle it once: the second waits for the first (the row is locked), then finds it settled."""
    await uow.session.execute(
        select(PlannedAppointment.id).where(PlannedAppointment.id == appointment_id).with_for_update()
    )
    case = await load_case(uow=uow, case_id=case_id)
    appointment = case.appointment(appointment_id)
    appointment.settle(status, by=by, at=clock.now())  # its rules first: nothing recorded when refused
    if status == AppointmentStatus.HELD:
        fields = held_activity(appointment, duration_minutes, comment)
        appointment.activity_id = (await add_activity(uow, case, author=by, fields=fields, activity_id=None)).id
    elif status == AppointmentStatus.MISSED:
        uow.emit(
            CaseAppointmentMissed(
                case_id=case.id,
                appointment_id=appointment.id,
                beneficiary_pid=case.beneficiary_pid,
                kind=appointment.kind,
                missed_on=appointment.day,
            ),
            subject=case.id,
        )
    await uow.commit()
    return appointment


def held_activity(appointment: PlannedAppointment, duration_minutes: int | None, comment: str | None) -> dict:
    """The timeline's activity an appointment becomes when held, dated its day."""
    fields: dict = {
        "kind": appointment.kind,
        "occurred_on": appointment.day,
        "duration_minutes": duration_minutes or appointment.duration_minutes,
        "comment": comment or appointment.comment,
    }
    if appointment.kind == "appointment":
        fields["mode"] = appointment.mode or "scheduled"
    else:
        fields["destination"] = appointment.with_whom or appointment.place
    return fields


def _require_destination(appointment: PlannedAppointment) -> None:
    if appointment.kind == "accompaniment" and not (appointment.with_whom or appointment.place):
        raise InvalidInput("with_whom", "say where the person is accompanied")


@dataclass(frozen=True)
class AgendaEntry:
    appointment: PlannedAppointment
    case: Case


async def agenda(uow: UnitOfWork, *, start: date, days: int, mediator: str | None) -> list[AgendaEntry]:
    """The appointments of `days` Paris days from `start` (cancelled ones aside), the earliest first: one
    team member's (`mediator`), or the whole team's."""
    return await _entries(
        uow,
        PlannedAppointment.starts_at >= clock.start_of_paris_day(start),
        PlannedAppointment.starts_at < clock.start_of_paris_day(start + timedelta(days=days)),
        PlannedAppointment.status != AppointmentStatus.CANCELLED,
        mediator=mediator,
    )


async def still_to_settle(uow: UnitOfWork, *, mediator: str | None) -> list[AgendaEntry]:
    """Appointments whose day has passed and nobody said whether they took place, the oldest first."""
    return await _entries(
        uow,
        PlannedAppointment.status == AppointmentStatus.PLANNED,
        PlannedAppointment.starts_at < clock.start_of_paris_day(clock.today()),
        Case.status == CaseStatus.OPEN,
        mediator=mediator,
    )


async def _entries(uow: UnitOfWork, *conditions, mediator: str | None) -> list[AgendaEntry]:
    """Appointments with their case, the earliest first; one team member's, or the whole team's."""
    query = select(PlannedAppointment, Case).join(Case, Case.id == PlannedAppointment.case_id).where(*conditions)
    if mediator is not None:
        query = query.where(PlannedAppointment.mediator == mediator)
    return [
        AgendaEntry(a, c) for a, c in (await uow.session.execute(query.order_by(PlannedAppointment.starts_at))).all()
    ]


async def next_appointments(uow: UnitOfWork, case_ids: set[uuid.UUID]) -> dict[uuid.UUID, PlannedAppointment]:
    """Each case's next planned appointment (from today on), for the caseload."""
    if not case_ids:
        return {}
    query = (
        select(PlannedAppointment)
        .where(
            PlannedAppointment.case_id.in_(case_ids),
            PlannedAppointment.status == AppointmentStatus.PLANNED,
            PlannedAppointment.starts_at >= clock.start_of_paris_day(clock.today()),
        )
        .order_by(PlannedAppointment.case_id, PlannedAppointment.starts_at)
        .distinct(PlannedAppointment.case_id)
    )
    return {a.case_id: a for a in await uow.session.scalars(query)}
