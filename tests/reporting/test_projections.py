"""A change to a fact (an orientation's outcome, a referral's decision) reaches the tenant's own fact only,
and a change to a fact reporting does not hold is no error: nothing is dead-lettered, the partition goes on."""

from __future__ import annotations

from datetime import date

from passerelle.auth import Role
from passerelle.contracts import events as e
from passerelle.contracts import topics
from tests.reporting.history import History
from tests.support import eventually, headers_of, indicators, read_topic

YEAR = (date(2026, 1, 1), date(2027, 1, 1))


def test_an_outcome_changes_its_tenants_orientation_only_and_one_for_a_deleted_orientation_is_no_error(
    platform, tenant_a, tenant_b
):
    own = History(tenant_a.tenant)
    case = own.case(date(2026, 3, 1))
    kept = own.activity(case, "orientation", date(2026, 3, 2), partner_type="gp", partner_name="Cabinet du Pont")
    deleted = own.activity(case, "orientation", date(2026, 3, 3), partner_type="gp", partner_name="Cabinet du Parc")
    own.add(
        e.CaseActivityDeleted(case_id=case[0], activity_id=deleted, beneficiary_pid=case[1], kind="orientation"),
        case[0],
    )
    late = own.outcome(case, deleted, "followed", date(2026, 3, 10))
    own.activity(case, "appointment", date(2026, 3, 11))  # after it, on its partition
    other = History(tenant_b.tenant)
    forged = other.outcome(case, kept, "followed", date(2026, 3, 10))  # names tenant A's orientation
    own.publish(platform.kafka.admin)
    other.publish(platform.kafka.admin)

    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    counted = eventually(
        lambda: (found := indicators(coordinator, *YEAR))["individual_appointments"] == 1 and found,
        what="the appointment after the outcome of a deleted orientation",
    )
    assert counted["orientations_proposed"] == 1
    eventually(
        lambda: (
            int(platform.postgres.psql(f"SELECT count(*) FROM inbox WHERE event_id = '{forged.id}'", "reporting")) == 1
        ),
        what="tenant B's outcome applied (to its own facts: none)",
    )
    assert indicators(coordinator, *YEAR)["orientations_followed"] == 0, "tenant B changed tenant A's orientation"
    letters = [
        headers_of(r)
        for r in read_topic(platform.kafka.admin, topics.DEAD_LETTERS, seconds=1)
        if headers_of(r).get("ce_id") in (str(late.id), str(forged.id))
    ]
    assert letters == []
