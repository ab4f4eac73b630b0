"""How long a file is kept (CNIL 2023-095: 2 years after the last contact), at its boundaries: the day
before and the day of, a reopening or an activity in between, an extension, a leap day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cases.domain.retention import DEFAULT_MONTHS, RetentionPolicy, anonymisation_day, extension, last_contact
from passerelle.clock import add_months
from passerelle.errors import InvalidInput
from tests.unit.test_case_rules import AT, a_case, an_activity

OPENED = date(2026, 3, 2)


def test_a_file_is_kept_two_years_after_its_opening_when_nothing_else_happened():
    case = a_case(opened_on=OPENED)
    assert anonymisation_day(case, months=DEFAULT_MONTHS) == date(2028, 3, 2)


def test_the_last_contact_is_the_latest_of_opening_reopening_closure_and_standing_activities():
    case = a_case(opened_on=OPENED, closed_on=date(2026, 9, 1))
    case.activities.append(an_activity(case, "appointment", occurred_on=date(2026, 6, 1)))
    deleted = an_activity(case, "appointment", occurred_on=date(2027, 1, 5))
    deleted.deleted_at = AT
    case.activities.append(deleted)  # a deleted activity was no contact
    assert last_contact(case) == date(2026, 9, 1)
    case.reopened_on = date(2027, 2, 1)
    assert last_contact(case) == date(2027, 2, 1)
    assert anonymisation_day(case, months=DEFAULT_MONTHS) == date(2029, 2, 1)


def test_a_case_reopened_the_day_before_its_end_is_kept_two_more_years():
    case = a_case(opened_on=OPENED, closed_on=OPENED)
    end = anonymisation_day(case, months=DEFAULT_MONTHS)
    case.status = "closed"
    case.reopen(on=end - timedelta(days=1))
    assert anonymisation_day(case, months=DEFAULT_MONTHS) == add_months(end - timedelta(days=1), DEFAULT_MONTHS)


def test_an_extension_moves_the_day_and_never_brings_it_nearer():
    case = a_case(opened_on=OPENED)
    assert anonymisation_day(case, months=24, extended_until=date(2028, 9, 1)) == date(2028, 9, 1)
    assert anonymisation_day(case, months=24, extended_until=date(2027, 1, 1)) == date(2028, 3, 2)


def test_a_leap_day_ends_on_the_last_day_of_february():
    assert add_months(date(2028, 2, 29), 24) == date(2030, 2, 28)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("until", "reason", "field"),
    [
        (date(2028, 1, 1), "  ", "reason"),  # no reason given
        (date(2026, 3, 1), "revenu", "until"),  # in the past
        (date(2027, 6, 1), "revenu", "until"),  # beyond a year
    ],
)
def test_an_extension_needs_a_reason_and_a_day_within_a_year(until, reason, field):
    with pytest.raises(InvalidInput) as refused:
        extension(a_case(), until=until, reason=reason, by="coordinator@t", at=AT, today=date(2026, 3, 2))
    assert refused.value.field == field


def test_an_anonymised_file_cannot_be_extended():
    with pytest.raises(InvalidInput):
        extension(a_case(erased_at=AT), until=date(2026, 6, 1), reason="revenu", by="c", at=AT, today=OPENED)


@pytest.mark.parametrize("months", [5, 25])
def test_a_policy_stays_within_the_reference(months):
    with pytest.raises(InvalidInput):
        RetentionPolicy(tenant_id="t", identity_months=months, updated_by="c", updated_at=AT)
