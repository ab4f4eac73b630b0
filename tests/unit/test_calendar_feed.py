"""What the phone's calendar receives (cases.service_layer.calendar_feed): initials, the kind and the time in
Europe/Paris (described in the feed), a link to the case file — nothing else of the person."""

from __future__ import annotations

import uuid
from datetime import datetime

from cases.domain.agenda import PlannedAppointment
from cases.service_layer.agenda import AgendaEntry
from cases.service_layer.calendar_feed import to_ical
from passerelle.clock import PARIS
from tests.unit.test_case_rules import AT, a_case


def test_the_feed_says_initials_time_and_link_only():
    case = a_case(address="3 rue des Écoles")
    appointment = PlannedAppointment(
        id=uuid.uuid4(),
        tenant_id="t",
        case_id=case.id,
        kind="accompaniment",
        starts_at=datetime(2026, 12, 8, 9, 30, tzinfo=PARIS),
        mediator="m",
        planned_by="m",
        planned_at=AT,
        duration_minutes=90,
        place="12 rue des Lilas",
        with_whom="Dr Lefèvre, CMP",
        comment="apporter la carte Vitale",
    )
    feed = to_ical([AgendaEntry(appointment, case)], link="https://passerelle.example/cases/accompagnements/{case_id}")
    text = feed.decode().replace("\r\n ", "")  # lines folded at 75 octets, unfolded
    assert "SUMMARY:Accompagnement A.D." in text and "BEGIN:VTIMEZONE" in text and "TZID:Europe/Paris" in text
    assert "DTSTART;TZID=Europe/Paris:20261208T093000" in text and "DTEND;TZID=Europe/Paris:20261208T110000" in text
    assert f"https://passerelle.example/cases/accompagnements/{case.id}" in text
    for personal in ("Durand", "Aline", "Lilas", "Lefèvre", "CMP", "Vitale", "Écoles", "06 12"):
        assert personal not in text
