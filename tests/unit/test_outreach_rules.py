"""The rules of outreach actions and their series, on plain domain objects."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from outreach.domain.model import MAX_OCCURRENCES, ActionStatus, OutreachAction, check_head_counts, weekly_dates
from passerelle.errors import InvalidInput, InvalidTransition


def an_action(**fields) -> OutreachAction:
    defaults = dict(
        id=uuid.uuid4(),
        tenant_id="t",
        kind="street_outreach",
        occurred_on=date(2026, 3, 2),
        recorded_by="mediator@t",
        recorded_at=datetime(2026, 3, 2, tzinfo=UTC),
        status=ActionStatus.PLANNED,
    )
    return OutreachAction(**{**defaults, **fields})


@pytest.mark.parametrize(("met", "redirected", "field"), [(-1, 0, "people_met"), (2, 3, "people_redirected")])
def test_head_counts_are_never_negative_and_redirections_never_exceed_the_people_met(met, redirected, field):
    with pytest.raises(InvalidInput) as refused:
        check_head_counts(met, redirected)
    assert refused.value.field == field


def test_a_planned_action_is_recorded_once_it_has_happened():
    action = an_action()
    with pytest.raises(InvalidInput):
        action.record(people_met=3, people_redirected=1, today=date(2026, 3, 1))
    action.record(people_met=3, people_redirected=1, today=date(2026, 3, 2), commune="Alès")
    assert (action.status, action.people_met, action.commune) == (ActionStatus.RECORDED, 3, "Alès")


def test_a_cancelled_action_is_neither_recorded_nor_cancelled_again():
    action = an_action()
    action.cancel()
    with pytest.raises(InvalidTransition):
        action.record(people_met=1, people_redirected=0, today=date(2026, 3, 3))
    with pytest.raises(InvalidTransition):
        action.cancel()


def test_a_weekly_series_runs_from_its_first_day_to_its_last_included():
    assert weekly_dates(date(2026, 1, 5), date(2026, 1, 19)) == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    assert len(weekly_dates(date(2026, 1, 5), date(2027, 1, 4))) == MAX_OCCURRENCES


@pytest.mark.parametrize("until", [date(2026, 1, 4), date(2027, 1, 11)])
def test_a_series_that_ends_before_it_starts_or_lasts_over_a_year_is_refused(until):
    with pytest.raises(InvalidInput) as refused:
        weekly_dates(date(2026, 1, 5), until)
    assert refused.value.field == "until"
