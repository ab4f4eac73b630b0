"""The rules of what is coming (cases.domain.agenda): planned on an open case, never in the past; held or
missed once its day has come, settled once; cancelled with the case's closure or transfer; emptied of
what describes the person at an erasure."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from cases.domain.agenda import AppointmentStatus, PlannedAppointment
from cases.domain.model import CLOSURE, TRANSFER
from passerelle.clock import PARIS
from passerelle.errors import InvalidInput, InvalidTransition
from tests.unit.test_case_rules import AT, a_case

TODAY = date(2026, 3, 2)


def planned(case, day: date, hour: int = 10, **fields) -> PlannedAppointment:
    return PlannedAppointment(
        id=uuid.uuid4(),
        tenant_id=case.tenant_id,
        case_id=case.id,
        kind=fields.pop("kind", "appointment"),
        starts_at=datetime(day.year, day.month, day.day, hour, tzinfo=PARIS),
        mediator="mediator@t",
        planned_by="mediator@t",
        planned_at=AT,
        **fields,
    )


def test_an_appointment_is_planned_today_or_later_on_an_open_case():
    case = a_case()
    with pytest.raises(InvalidInput) as refused:
        case.plan(planned(case, TODAY - timedelta(days=1)), today=TODAY)
    assert refused.value.field == "starts_at"
    with pytest.raises(InvalidInput):
        case.plan(planned(case, TODAY, kind="note"), today=TODAY)
    case.plan(later := planned(case, TODAY + timedelta(days=7)), today=TODAY)
    case.plan(sooner := planned(case, TODAY, hour=0), today=TODAY)  # earlier today still counts as today
    assert case.planned == [sooner, later]


def test_it_is_held_or_missed_once_its_day_came_and_only_once():
    case = a_case()
    case.plan(coming := planned(case, TODAY + timedelta(days=1)), today=TODAY)
    with pytest.raises(InvalidInput):
        coming.settle(AppointmentStatus.HELD, by="m", at=AT)
    coming.settle(AppointmentStatus.CANCELLED, by="m", at=AT)  # cancelled beforehand: always
    case.plan(today := planned(case, TODAY, hour=23), today=TODAY)
    today.settle(AppointmentStatus.MISSED, by="m", at=AT)  # 10:00 UTC, the appointment is at 23:00: same day
    with pytest.raises(InvalidTransition):
        today.settle(AppointmentStatus.HELD, by="m", at=AT)
    with pytest.raises(InvalidTransition):
        today.reschedule(starts_at=AT + timedelta(days=3), today=TODAY)
    assert case.planned == []


def test_a_closure_or_a_transfer_cancels_what_was_planned_and_an_erasure_empties_it():
    closed, moved = a_case(), a_case()
    for case in (closed, moved):
        case.plan(planned(case, TODAY + timedelta(days=2), place="12 rue des Lilas", with_whom="Dr Roux"), today=TODAY)
    closed.close(outcome="improved", satisfaction=None, on=TODAY, at=AT)
    [appointment] = closed.appointments
    assert (appointment.status, appointment.settled_by) == (AppointmentStatus.CANCELLED, CLOSURE)
    moved.transfer_to("other", at=datetime(2026, 3, 3, tzinfo=UTC))
    [appointment] = moved.appointments
    assert (appointment.status, appointment.settled_by) == (AppointmentStatus.CANCELLED, TRANSFER)
    assert (appointment.place, appointment.with_whom) == (None, None)  # the tombstone keeps nothing of the person
