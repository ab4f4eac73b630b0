"""bin/run's demo activity goes in through the services' APIs, as people would enter it, and shows
in reporting; it is entered once per data folder."""

from __future__ import annotations

from datetime import timedelta

from devstack import demo
from passerelle import clock
from passerelle.auth import Role
from tests.support import eventually, indicators


def test_the_demo_year_is_entered_once_and_counted(platform, tenant_a):
    tenant_a.register(name="Ville de démonstration", postal_codes=("38400",))
    demo.seed(platform, {tenant_a.tenant: ("Ville de démonstration", ["38400"])})
    year = (clock.today() - timedelta(days=366), clock.today() + timedelta(days=1))
    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    figures = eventually(
        lambda: (
            (v := indicators(coordinator, *year))["persons_accompanied"] == 40
            and v["referrals_received"] == 12
            and v["outreach_actions"] + v["partner_meetings"] == 24
            and v
        ),
        timeout=90,
        what="the demo year in reporting",
    )
    assert figures["individual_appointments"] > 0 and figures["orientations_proposed"] > 0

    demo.seed(platform, {tenant_a.tenant: ("Ville de démonstration", ["38400"])})  # a second start adds nothing
    assert indicators(coordinator, *year)["referrals_received"] == 12
