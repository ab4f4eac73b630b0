"""The rebuild while events keep coming: nothing applied before, during or after it is lost, and
nothing counts twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

from passerelle.auth import Role
from passerelle.contracts import events as e
from passerelle.contracts import topics
from tests.reporting.history import History
from tests.support import appointment_events, appointments_projected, eventually, indicators, publish_events


def start_rebuild(platform) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "passerelle.cli", "reporting", "rebuild"],
        env={**os.environ, **platform.env("reporting")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_events_published_during_a_rebuild_are_all_counted_once(platform, tenant_a):
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    year = (date(2026, 1, 1), date(2027, 1, 1))

    def appointments() -> int:
        return indicators(coordinator, *year)["individual_appointments"]

    publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 200, cases=20), topics.CASES)
    eventually(lambda: appointments() == 200, timeout=60, what="the first 200 appointments")

    rebuild = start_rebuild(platform)
    published = 200
    while rebuild.poll() is None:
        publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 25, cases=5), topics.CASES)
        published += 25
        time.sleep(0.2)
    output = rebuild.stdout.read()
    assert rebuild.returncode == 0, output
    assert published > 200, "the rebuild ended before any event could be published during it"
    publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 25, cases=5), topics.CASES)
    published += 25

    # a busy machine may take minutes to apply a burst one transaction per event
    eventually(
        lambda: appointments() == published,
        timeout=240,
        what=f"{published} appointments after the rebuild (see {platform.log('reporting')})",
    )
    assert appointments_projected(platform, tenant_a.tenant) == published
    assert "events/s" in output and "rebuilt: " in output, output


def corrected_history(tenant: str) -> History:
    """Facts recorded, corrected, given an outcome, deleted, cancelled, and an event delivered twice."""
    h = History(tenant)
    case = h.case(date(2026, 2, 1))
    kept = h.activity(case, "orientation", date(2026, 2, 3), partner_type="gp", partner_name="Cabinet A")
    h.outcome(case, kept, "followed", date(2026, 3, 1))
    h.add(
        e.CaseActivityCorrected(
            case_id=case[0],
            activity_id=kept,
            beneficiary_pid=case[1],
            kind="orientation",
            occurred_on=date(2026, 4, 3),
            partner_type="gp",
            partner_name="Cabinet B",
        ),
        case[0],
    )
    gone = h.activity(case, "appointment", date(2026, 2, 5))
    h.add(
        e.CaseActivityDeleted(case_id=case[0], activity_id=gone, beneficiary_pid=case[1], kind="appointment"), case[0]
    )
    twice = h.activity(case, "accompaniment", date(2026, 2, 6))
    h.envelopes.append(h.envelopes[-1])  # redelivered: counts once
    h.close(case, date(2026, 5, 1), "lost_contact")
    h.reopen(case, date(2026, 5, 2))
    h.close(case, date(2026, 6, 1), "improved", satisfaction=5)
    action = h.action("drop_in", date(2026, 3, 3), people_met=12)
    h.add(
        e.OutreachActionUpdated(
            action_id=action, kind="drop_in", occurred_on=date(2026, 3, 4), people_met=15, people_redirected=2
        ),
        action,
    )
    cancelled = h.action("street_outreach", date(2026, 3, 5), people_met=9)
    h.add(e.OutreachActionCancelled(action_id=cancelled, kind="street_outreach"), cancelled)
    assert twice
    return h


def test_a_rebuild_again_keeps_the_numbers_and_the_previous_projections(platform, tenant_a):
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    publish_events(platform.kafka.admin, appointment_events(tenant_a.tenant, 30, cases=3), topics.CASES)
    corrected_history(tenant_a.tenant).publish(platform.kafka.admin)
    expected = {
        "individual_appointments": 30,
        "orientations_followed": 1,
        "physical_accompaniments": 1,
        "persons_received": 15,
        "cases_closed": 1,
        "closed_improved": 1,
        "partners_involved": 1,
    }
    eventually(
        lambda: (
            {k: v for k, v in indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1)).items() if k in expected}
            == expected
        ),
        timeout=60,
        what="the history counted",
    )
    before = indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1))
    for _ in range(2):
        rebuild = start_rebuild(platform)
        output, _ = rebuild.communicate(timeout=300)
        assert rebuild.returncode == 0, output
    assert indicators(coordinator, date(2026, 1, 1), date(2027, 1, 1)) == before
    schemas = platform.postgres.psql(
        "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname LIKE 'reporting%'",
        "reporting",
    )
    assert schemas.strip() == "reporting,reporting_previous"
