"""The rebuild while events keep coming: nothing applied before, during or after it is lost, and
nothing counts twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import topics
from tests.support import appointment_events, appointments_projected, eventually, indicators, publish_events


def start_rebuild(platform) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "passerelle.cli", "reporting", "rebuild"],
                            env={**os.environ, **platform.env("reporting")}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def test_events_published_during_a_rebuild_are_all_counted_once(platform, tenant_a):
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    year = (date(2026, 1, 1), date(2027, 1, 1))

    def appointments() -> int:
        return indicators(coordinator, *year)["individual_appointments"]

    publish_events(platform.kafka.bootstrap, appointment_events(tenant_a.tenant, 200, cases=20), topics.CASES)
    eventually(lambda: appointments() == 200, timeout=60, what="the first 200 appointments")

    rebuild = start_rebuild(platform)
    published = 200
    while rebuild.poll() is None:
        publish_events(platform.kafka.bootstrap, appointment_events(tenant_a.tenant, 25, cases=5), topics.CASES)
        published += 25
        time.sleep(0.2)
    output = rebuild.stdout.read()
    assert rebuild.returncode == 0, output
    assert published > 200, "the rebuild ended before any event could be published during it"
    publish_events(platform.kafka.bootstrap, appointment_events(tenant_a.tenant, 25, cases=5), topics.CASES)
    published += 25

    counted = []
    try:
        eventually(lambda: counted.append(appointments()) or counted[-1] == published, timeout=90,
                   what=f"{published} appointments")
    finally:
        print("appointments counted lately:", counted[-5:])
    assert appointments_projected(platform, tenant_a.tenant) == published
    assert "events/s" in output and "rebuilt: " in output, output


def test_a_rebuild_again_keeps_the_numbers_and_the_previous_projections(platform, tenant_a):
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    publish_events(platform.kafka.bootstrap, appointment_events(tenant_a.tenant, 30, cases=3), topics.CASES)
    eventually(lambda: appointments_projected(platform, tenant_a.tenant) == 30, what="30 appointments")
    before = indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1))
    for _ in range(2):
        rebuild = start_rebuild(platform)
        output, _ = rebuild.communicate(timeout=300)
        assert rebuild.returncode == 0, output
    assert indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1)) == before
    schemas = platform.postgres.psql(
        "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname LIKE 'reporting%'",
        "reporting")
    assert schemas.strip() == "reporting,reporting_previous"
