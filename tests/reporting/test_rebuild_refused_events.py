"""A rebuild over a log that holds an event the database refuses: the event is skipped, counted and
reported with its reason, and the replay completes with every other event."""

from __future__ import annotations

from datetime import date

from passerelle.auth import Role
from passerelle.contracts import topics
from tests.reporting.test_rebuild import start_rebuild
from tests.support import appointment_events, appointments_projected, eventually, indicators, publish_events
from tests.test_poison_events import refused_orientation


def test_a_rebuild_skips_and_reports_an_event_the_database_refuses_and_completes(platform, tenant_a):
    poison = refused_orientation(tenant_a.tenant)
    after = [e.model_copy(update={"subject": poison.subject}) for e in appointment_events(tenant_a.tenant, 4)]
    publish_events(platform.kafka.admin, [poison, *after], topics.CASES)
    eventually(
        lambda: appointments_projected(platform, tenant_a.tenant) == 4,
        timeout=60,
        what="the live consumer past the refused event",
    )

    rebuild = start_rebuild(platform)
    output, _ = rebuild.communicate(timeout=300)

    assert rebuild.returncode == 0, output
    [skip] = [line for line in output.splitlines() if str(poison.id) in line]
    assert skip.startswith("rebuild: skipped case.activity_recorded") and "0x00" in skip, skip
    assert "Cabinet" not in output
    summary = next(line for line in output.splitlines() if line.startswith("rebuilt: "))
    assert " skipped" in summary and " 0 skipped" not in summary, summary
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    assert indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1))["individual_appointments"] == 4
