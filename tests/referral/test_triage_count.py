"""New referrals noticed: every page of the team shows, beside « Orientations », how many wait for triage
(the referral service counts them; each page loads the count)."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import page_client, referral_body


def test_the_navigation_counts_the_referrals_waiting_for_triage(platform, tenant_a, tenant_b):
    referrer = tenant_a.http("referral", Role.REFERRER)
    sent = [referrer.post("/referrals", json=referral_body()).json() for _ in range(3)]
    tenant_a.http("referral", Role.MEDIATOR).post(f"/referrals/{sent[0]['id']}/accept").raise_for_status()
    tenant_b.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()

    pages = page_client(platform, tenant_a)
    count = pages.get("/referral/orientations/a-trier")
    assert count.status_code == 200 and ">2<" in count.text and "2 orientations à trier" in count.text
    for page in ("/cases/accompagnements", "/outreach/aller-vers", "/referral/orientations"):
        assert 'hx-get="/referral/orientations/a-trier"' in pages.get(page).text, page

    for referral in sent[1:]:
        tenant_a.http("referral", Role.MEDIATOR).post(
            f"/referrals/{referral['id']}/decline", json={"reason": "duplicate"}
        ).raise_for_status()
    assert pages.get("/referral/orientations/a-trier").text.strip() == ""  # nothing waits: nothing shown
    assert page_client(platform, tenant_a, Role.REFERRER).get(
        "/referral/orientations/a-trier", follow_redirects=False
    ).status_code in (302, 303, 403)
