"""The département's "secret statistique", as a pure rule: no count from 1 to 4 can be worked out
from the figures published beside it (tests/reporting/disclosure.py plays the attacker)."""

from __future__ import annotations

import random

from reporting.domain.catalogue import BREAKDOWNS, INDICATORS
from reporting.domain.suppression import HIDDEN, SMALL, suppress, suppress_table
from tests.reporting.disclosure import given_away, table_of


def tenant(**counts) -> dict:
    """A tenant's indicators as service_layer/indicators.py computes them: 0 where nothing happened."""
    values = {name: 0 if indicator.is_count else None for name, indicator in INDICATORS.items()}
    values.update(counts)
    for name, indicator in INDICATORS.items():
        if indicator.numerator and values[indicator.basis]:
            values[name] = round(values[indicator.numerator] / values[indicator.basis], 4)
    return values


def published(columns: dict[str, dict]) -> dict:
    """What the attacker works out from the département's table of these tenants."""
    compared = suppress_table(columns)
    return given_away(table_of(compared["tenants"], compared["departement"]))


def test_the_attacker_recovers_the_issues_example_from_the_former_rule():
    # closed 21, improved "*" beside 33 %, and a total of 11 gave the other tenant's "<5" as 4
    former = {
        "a": {**tenant(cases_closed=21, closed_improved=7), "closed_improved": HIDDEN},
        "b": {**tenant(cases_closed=6), "closed_improved": SMALL, "improvement_rate": None},
    }
    total = {**tenant(cases_closed=27, closed_improved=11), "improvement_rate": None}
    assert given_away(table_of(former, total)) == {("b", "closed_improved"): [4]}


def test_a_rate_is_masked_with_its_numerator_or_its_denominator():
    shown, _ = suppress(tenant(cases_closed=21, closed_improved=3, orientations_proposed=4, orientations_followed=4))
    assert shown["closed_improved"] == SMALL and shown["improvement_rate"] is None
    assert shown["orientations_proposed"] == SMALL and shown["follow_rate"] is None
    shown, _ = suppress(tenant(cases_closed=21, closed_improved=0))
    assert shown["improvement_rate"] == 0.0  # nobody improved is no one singled out


def test_a_rate_or_a_median_over_a_small_group_is_masked_whatever_else_was_counted():
    shown, _ = suppress(
        tenant(
            referrals_received=30,
            referrals_decided=2,
            referrals_accepted=1,
            followups_initiated=30,
            first_appointments_measured=1,
            median_days_to_first_appointment=12.0,
        )
    )
    assert shown["acceptance_rate"] is None and shown["median_days_to_first_appointment"] is None


def test_a_total_beside_a_masked_cell_is_hidden_and_the_tenants_cells_stay_shown():
    compared = suppress_table(
        {"a": tenant(cases_closed=21, closed_improved=7), "b": tenant(cases_closed=6, closed_improved=4)}
    )
    a, b, total = compared["tenants"]["a"], compared["tenants"]["b"], compared["departement"]
    assert (a["closed_improved"], a["improvement_rate"], b["closed_improved"]) == (7, 0.3333, SMALL)
    assert total["closed_improved"] == HIDDEN and total["cases_closed"] == 27 and total["improvement_rate"] is None
    assert (
        published({"a": tenant(cases_closed=21, closed_improved=7), "b": tenant(cases_closed=6, closed_improved=4)})
        == {}
    )


def test_a_small_pair_is_not_given_away_by_its_total():
    # formerly "<5" beside "*" and a total of 6: the "*" is at least 5, so the "<5" was 1
    assert (
        published(
            {"a": tenant(persons_accompanied=1), "b": tenant(persons_accompanied=5), "c": tenant(persons_accompanied=9)}
        )
        == {}
    )


def test_an_indicator_a_breakdown_adds_up_to_is_hidden_beside_a_masked_part():
    values, breakdowns = (
        tenant(cases_closed=6, closed_improved=4),
        {"closures_by_outcome": {"improved": 4, "lost_contact": 2}},
    )
    former = {**values, "closed_improved": SMALL, "improvement_rate": None}
    former_breakdowns = {"closures_by_outcome": {"improved": SMALL, "lost_contact": SMALL}}
    assert given_away(table_of({"a": former}, breakdowns={"a": former_breakdowns}))  # 6 - 2..4 left 2..4
    shown, shown_breakdowns = suppress(values, breakdowns)
    assert shown["cases_closed"] == HIDDEN and shown_breakdowns == former_breakdowns
    assert given_away(table_of({"a": shown}, breakdowns={"a": shown_breakdowns})) == {}


def test_an_indicator_made_of_a_single_masked_part_stays_under_five():
    shown, _ = suppress(tenant(cases_closed=3, closed_improved=3), {"closures_by_outcome": {"improved": 3}})
    assert shown["cases_closed"] == shown["closed_improved"] == SMALL
    shown, _ = suppress(tenant(cases_closed=2), {"closures_by_outcome": {"moved": 1, "relayed": 1}})
    assert shown["cases_closed"] == HIDDEN  # "<5" would leave each part 1 to 3


def test_random_tables_and_months_give_no_small_count_away():
    rng = random.Random(11)
    for _ in range(150):
        columns = {f"t{n}": _random_tenant(rng) for n in range(rng.randint(1, 4))}
        assert published(columns) == {}, columns
    for _ in range(150):
        values, breakdowns = _random_month(rng)
        shown, shown_breakdowns = suppress(values, breakdowns)
        assert given_away(table_of({"a": shown}, breakdowns={"a": shown_breakdowns})) == {}, (values, breakdowns)


def _random_tenant(rng: random.Random) -> dict:
    closed = rng.choice([0, 1, 3, 5, 6, 9, 21])
    procedures = rng.choice([0, 2, 5, 8])
    proposed, decided = rng.choice([0, 4, 5, 12]), rng.choice([0, 3, 6, 10])
    return tenant(
        cases_closed=closed,
        closed_improved=rng.randint(0, closed),
        satisfaction_responses=rng.randint(0, closed),
        procedures_started=procedures,
        lup_referrals=rng.randint(0, procedures),
        orientations_proposed=proposed,
        orientations_followed=rng.randint(0, proposed),
        persons_accompanied=rng.choice([0, 1, 4, 5, 7, 30]),
        referrals_decided=decided,
        referrals_accepted=rng.randint(0, decided),
    )


def _random_month(rng: random.Random) -> tuple[dict, dict]:
    outcomes = {key: rng.choice([0, 1, 2, 5, 7]) for key in BREAKDOWNS["closures_by_outcome"].vocabulary}
    kinds = {key: rng.choice([0, 1, 3, 6]) for key in BREAKDOWNS["actions_by_kind"].vocabulary}
    values = tenant(
        cases_closed=sum(outcomes.values()),
        closed_improved=outcomes["improved"],
        outreach_actions=sum(
            kinds[k] for k in ("street_outreach", "home_visit", "drop_in", "collective_action", "event")
        ),
        collective_actions=kinds["collective_action"] + kinds["event"],
        partner_meetings=kinds["partner_meeting"],
    )
    return values, {"closures_by_outcome": outcomes, "actions_by_kind": kinds}
