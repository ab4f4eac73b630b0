"""The services keep Paris days: a second cases service, its clock frozen at 00:30 in Paris on the 1st
of next month (UTC still says the last day of this one), opens a case and records an activity dated
that Paris day, and reporting counts both in that month."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from passerelle import clock
from passerelle.auth import Role
from passerelle.clock import PARIS
from reporting.domain.model import Period
from tests.support import eventually, indicators

PERSON = {"last_name": "Morel", "first_name": "Inès", "birth_date": "1980-05-17", "postal_code": "30500"}


def half_past_midnight_next_month() -> datetime:
    """00:30 in Paris on the 1st of next month: later than the real clock, so that only a service
    that honours the frozen clock accepts an activity of that day."""
    first = (clock.today().replace(day=1) + timedelta(days=32)).replace(day=1)
    return datetime(first.year, first.month, 1, 0, 30, tzinfo=PARIS)


@pytest.fixture
def frozen_cases(platform):
    """Another process of the cases service, on the same database and broker, its clock stopped."""
    frozen_at = half_past_midnight_next_month()
    platform.start_service("cases", instance="cases-frozen", env={"PASSERELLE_CLOCK_FROZEN_AT": frozen_at.isoformat()})
    try:
        platform.wait_ready("cases-frozen")
        yield frozen_at
    finally:
        platform.stop_service("cases-frozen")


def test_at_half_past_midnight_in_paris_the_activity_of_the_day_is_accepted_and_counted_in_its_month(
    platform, tenant_a, frozen_cases
):
    day = frozen_cases.date()
    mediator = tenant_a.http("cases-frozen", Role.MEDIATOR)
    opened = mediator.post("/cases", json={"beneficiary": PERSON})
    assert opened.status_code == 201, opened.text
    assert opened.json()["opened_on"] == day.isoformat()
    case = opened.json()["id"]
    recorded = mediator.post(
        f"/cases/{case}/activities", json={"kind": "appointment", "mode": "drop_in", "occurred_on": day.isoformat()}
    )
    assert recorded.status_code == 201, recorded.text
    tomorrow = mediator.post(
        f"/cases/{case}/activities",
        json={"kind": "appointment", "mode": "drop_in", "occurred_on": (day + timedelta(days=1)).isoformat()},
    )
    assert tomorrow.status_code == 422 and "future" in tomorrow.text

    month = Period.month(day)
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)

    def in_month() -> dict | None:
        values = indicators(coordinator, month.start, month.end)
        return values if values["followups_initiated"] == 1 and values["individual_appointments"] == 1 else None

    counted = eventually(in_month, what="the case and its activity counted in the Paris month")
    assert counted["persons_accompanied"] == 1
    month_before = indicators(coordinator, month.previous().start, month.start)
    assert month_before["followups_initiated"] == 0 and month_before["individual_appointments"] == 0
    assert "the clock is frozen at" in platform.log("cases-frozen").read_text()


def test_a_service_refuses_to_start_with_a_frozen_clock_it_cannot_read(platform):
    unreadable = {"PASSERELLE_CLOCK_FROZEN_AT": "2026-03-01 half past midnight"}
    started = subprocess.run(
        [sys.executable, "-c", "from cases.bootstrap import create_app; create_app()"],
        env={**os.environ, **platform.env("cases"), **unreadable},
        capture_output=True,
        text=True,
    )
    assert started.returncode != 0 and "clock_frozen_at" in started.stderr
