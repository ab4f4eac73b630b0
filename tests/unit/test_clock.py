"""The business date is the Paris date: at 00:30 in Paris on the 1st, UTC still says the day before.
Fast checks of the domain rules under a frozen clock, without the platform."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from cases.domain.model import Case
from cases.entrypoints.schemas import ActivityIn, CloseIn
from outreach.domain.model import ActionStatus, OutreachAction
from outreach.entrypoints.schemas import ActionIn
from passerelle import clock
from passerelle.clock import PARIS
from passerelle.identity import BeneficiaryIn
from passerelle.settings import ServiceSettings
from reporting.domain.model import Period
from reporting.entrypoints.pages import period_asked, year_of

REPOSITORY = Path(__file__).resolve().parents[2]
HALF_PAST_MIDNIGHT = datetime(2026, 3, 1, 0, 30, tzinfo=PARIS)  # 2026-02-28 23:30 UTC
NEW_YEARS_NIGHT = datetime(2027, 1, 1, 0, 30, tzinfo=PARIS)  # still 2026 in UTC
MACHINE_CLOCK = re.compile(r"\b(?:date|datetime)\.(?:today|now|utcnow)\b|\bZoneInfo\(")


@pytest.fixture
def first_of_march():
    with clock.frozen(HALF_PAST_MIDNIGHT):
        yield date(2026, 3, 1)


def test_today_is_the_paris_day_while_utc_still_says_the_day_before(first_of_march):
    assert clock.now() == datetime(2026, 2, 28, 23, 30, tzinfo=UTC) and clock.now().tzinfo is UTC
    assert clock.today() == first_of_march
    assert clock.paris_day(clock.now()) == first_of_march


def test_an_activity_dated_the_paris_day_is_accepted_and_the_next_day_is_in_the_future(first_of_march):
    activity = TypeAdapter(ActivityIn)
    recorded = activity.validate_python({"kind": "appointment", "mode": "phone", "occurred_on": "2026-03-01"})
    assert recorded.occurred_on == first_of_march
    with pytest.raises(ValidationError, match="future"):
        activity.validate_python({"kind": "appointment", "mode": "phone", "occurred_on": "2026-03-02"})


def test_a_case_closes_on_the_paris_day_by_default(first_of_march):
    assert CloseIn(outcome="improved").closed_on == first_of_march


def test_a_case_received_by_transfer_opens_on_the_paris_day(first_of_march):
    case = Case(
        id=uuid.uuid4(),
        tenant_id="origin",
        beneficiary_pid=uuid.uuid4(),
        opened_on=date(2026, 1, 5),
        opened_at=datetime(2026, 1, 5, 9, tzinfo=UTC),
        assigned_to="mediator",
    )
    assert case.transfer_to("destination", at=clock.now()).opened_on == first_of_march


def test_an_outreach_action_of_the_paris_day_is_recorded(first_of_march):
    body = ActionIn.model_validate({"kind": "street_outreach", "occurred_on": "2026-03-01", "people_met": 3})
    assert body.occurred_on == first_of_march
    planned = OutreachAction(
        id=uuid.uuid4(),
        tenant_id="t",
        kind="drop_in",
        occurred_on=first_of_march,
        recorded_by="mediator",
        recorded_at=clock.now(),
        status=ActionStatus.PLANNED,
    )
    planned.record(people_met=2, people_redirected=1, today=clock.today())
    assert planned.status == ActionStatus.RECORDED


def test_a_person_born_on_the_paris_day_is_not_born_in_the_future(first_of_march):
    person = BeneficiaryIn(last_name="Durand", first_name="Lina", birth_date=first_of_march, postal_code="30500")
    assert person.birth_date == first_of_march


def test_the_activity_counts_in_the_paris_month(first_of_march):
    month = Period.month(clock.today().replace(day=1))
    assert month == Period(date(2026, 3, 1), date(2026, 4, 1))
    assert month.start <= clock.paris_day(clock.now()) < month.end


def test_the_dashboard_opens_on_the_paris_year_on_new_years_night():
    with clock.frozen(NEW_YEARS_NIGHT):
        assert period_asked(None) == Period(date(2027, 1, 1), date(2028, 1, 1))
        assert year_of(2027, default=2000) == 2027


def test_the_clock_runs_again_after_a_frozen_block():
    with clock.frozen(HALF_PAST_MIDNIGHT):
        with clock.frozen(NEW_YEARS_NIGHT):
            assert clock.today() == date(2027, 1, 1)
        assert clock.today() == date(2026, 3, 1)
    assert clock.frozen_at() is None and clock.now() > NEW_YEARS_NIGHT.replace(year=2025)


def test_a_frozen_clock_needs_an_instant_with_its_time_zone():
    with pytest.raises(ValueError, match="time zone"):
        clock.freeze(datetime(2026, 3, 1, 0, 30))


@pytest.mark.parametrize("value", ["tomorrow", "2026-03-01T00:30:00", "2026-02-30T00:30:00+01:00"])
def test_a_frozen_clock_setting_that_cannot_be_read_is_refused(value):
    with pytest.raises(ValidationError, match="clock_frozen_at"):
        settings(clock_frozen_at=value)


def test_the_frozen_clock_setting_names_an_instant():
    assert settings(clock_frozen_at="2026-03-01T00:30:00+01:00").clock_frozen_at == HALF_PAST_MIDNIGHT
    assert settings().clock_frozen_at is None


def settings(**values) -> ServiceSettings:
    return ServiceSettings(
        service_name="cases",
        database_url="postgresql+asyncpg://unused/cases",
        kafka_bootstrap="unused:9092",
        kafka_username="passerelle-cases",
        kafka_password="unused",
        oidc_issuer="https://auth.example.org/realms/passerelle",
        **values,
    )


def test_no_code_reads_the_machine_clock_but_the_clock_module():
    allowed = {REPOSITORY / "libs" / "passerelle" / "clock.py", Path(__file__).resolve()}
    found = [
        f"{path.relative_to(REPOSITORY)}:{number}: {line.strip()}"
        for folder in ("libs", "services", "tests")
        for path in sorted((REPOSITORY / folder).rglob("*.py"))
        if path not in allowed
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if MACHINE_CLOCK.search(line)
    ]
    assert not found, "use passerelle.clock (today, now, PARIS):\n" + "\n".join(found)
