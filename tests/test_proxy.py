"""The reverse proxy tells the services who the client is; a client cannot tell them itself.
(Two clients having their own allowance: tests/referral/test_intake.py.)"""

from __future__ import annotations

import re

import httpx

from devstack.nginx import TEMPLATE
from tests.support import public_client

LIMIT = 30  # PASSERELLE_PUBLIC_SUBMISSIONS_PER_HOUR's default
UNKNOWN_CODE = "/public/tracking/ABCD-EFGH-JKLM"


def test_no_location_of_the_proxy_cancels_the_forwarded_headers():
    """nginx: a `location` that sets any proxy_set_header drops every one set above it."""
    locations = re.findall(r"location [^{]*\{([^}]*)\}", TEMPLATE.read_text())
    assert locations and not [body for body in locations if "proxy_set_header" in body]


def test_a_forged_forwarded_for_does_not_reach_the_service(platform):
    """The proxy replaces X-Forwarded-For with the address it sees: a client naming another
    address through the proxy spends its own allowance, not that address's."""
    victim = public_client(platform)  # straight to the service, as the proxy would say it
    forged = victim.headers["X-Forwarded-For"]
    through_proxy = httpx.Client(base_url=f"{platform.origin}/referral", timeout=10)
    assert through_proxy.get(UNKNOWN_CODE, headers={"X-Forwarded-For": forged}).status_code == 404
    statuses = [victim.get(UNKNOWN_CODE).status_code for _ in range(LIMIT)]
    assert set(statuses) == {404}  # the forged request was not counted against `forged`
