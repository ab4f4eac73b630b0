"""A referral counts on the days it happened: a paper fiche typed later by the team is received on its
own day, a decision is dated, and the case opened from it opens that day; the public form's receipt
is its sending."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from passerelle import clock
from passerelle.auth import Role
from tests.support import eventually, indicators, page_client, public_client, referral_body


def paper_fiche(tenant, received_on: str, role: Role = Role.MEDIATOR):
    return tenant.http("referral", role).post("/referrals", json={**referral_body(), "received_on": received_on})


def case_of(tenant, referral_id: str) -> dict:
    cases = tenant.http("cases", Role.MEDIATOR)
    return eventually(
        lambda: cases.get("/cases", params={"referral_id": referral_id}).json()["items"], what="the case opened"
    )[0]


def test_a_paper_fiche_is_received_on_its_day_and_the_case_opens_on_the_decisions_day(tenant_a):
    typed = paper_fiche(tenant_a, "2026-03-03")
    assert typed.status_code == 201, typed.text
    referral = tenant_a.http("referral", Role.MEDIATOR).get(f"/referrals/{typed.json()['id']}").json()
    assert clock.paris_day(datetime.fromisoformat(referral["submitted_at"])) == date(2026, 3, 3)
    triage = tenant_a.http("referral", Role.MEDIATOR)
    early = triage.post(f"/referrals/{referral['id']}/accept", json={"decided_on": "2026-03-02"})
    assert early.status_code == 422
    assert early.json()["errors"] == [{"field": "decided_on", "reason": "cannot be before the referral was received"}]
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert triage.post(f"/referrals/{referral['id']}/accept", json={"decided_on": tomorrow}).status_code == 422
    accepted = triage.post(f"/referrals/{referral['id']}/accept", json={"decided_on": "2026-03-10"})
    assert accepted.status_code == 200, accepted.text

    case = case_of(tenant_a, referral["id"])
    assert case["opened_on"] == "2026-03-10"
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    url = f"/cases/{case['id']}/activities"
    before = mediator.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-03-02"})
    assert before.status_code == 422  # before the fiche was received: the delay would be negative
    assert (
        mediator.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-03-03"}).status_code
        == 201
    )

    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    march = eventually(
        lambda: (c := indicators(reporting, date(2026, 3, 1), date(2026, 4, 1)))["followups_initiated"] == 1 and c,
        timeout=60,
        what="the case counted in March",
    )
    assert march["referrals_received"] == 1 and march["acceptance_rate"] == 1.0
    this_month = indicators(reporting, clock.today().replace(day=1), clock.today() + timedelta(days=1))
    assert this_month["referrals_received"] == 0  # not in the month it was typed


def test_only_the_team_dates_a_fiche_and_never_in_the_future(tenant_a):
    by_referrer = paper_fiche(tenant_a, "2026-03-03", Role.REFERRER)
    assert by_referrer.status_code == 422 and by_referrer.json()["errors"][0]["field"] == "received_on"
    future = paper_fiche(tenant_a, (clock.today() + timedelta(days=1)).isoformat())
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "received_on"
    sent = tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body())
    assert clock.paris_day(datetime.fromisoformat(sent.json()["submitted_at"])) == clock.today()


def test_a_decline_is_dated_and_not_before_the_receipt(tenant_a):
    referral = paper_fiche(tenant_a, "2026-05-04").json()
    triage = tenant_a.http("referral", Role.MEDIATOR)
    body = {"reason": "out_of_scope", "decided_on": "2026-05-03"}
    assert triage.post(f"/referrals/{referral['id']}/decline", json=body).status_code == 422
    declined = triage.post(f"/referrals/{referral['id']}/decline", json={**body, "decided_on": "2026-05-06"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert clock.paris_day(datetime.fromisoformat(declined.json()["decided_at"])) == date(2026, 5, 6)


def test_the_inbox_page_dates_the_decision(platform, tenant_a):
    referral = paper_fiche(tenant_a, "2026-06-01").json()
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    page = browser.get(f"/referral/orientations/{referral['id']}").text
    assert 'id="accept-decided_on"' in page and 'min="2026-06-01"' in page
    early = browser.post(f"/referral/orientations/{referral['id']}/accepter", data={"decided_on": "2026-05-31"})
    assert early.status_code == 422 and "ne peut pas précéder la réception" in early.text
    assert (
        browser.post(f"/referral/orientations/{referral['id']}/accepter", data={"decided_on": "2026-06-02"}).status_code
        == 303
    )
    assert case_of(tenant_a, referral["id"])["opened_on"] == "2026-06-02"


def test_a_paper_fiches_receipt_is_corrected_and_reporting_and_the_case_follow(platform, tenant_a):
    referral = paper_fiche(tenant_a, "2026-07-15").json()
    triage = tenant_a.http("referral", Role.MEDIATOR)
    triage.post(f"/referrals/{referral['id']}/accept", json={"decided_on": "2026-07-20"}).raise_for_status()
    case = case_of(tenant_a, referral["id"])
    after = triage.put(f"/referrals/{referral['id']}/received-on", json={"received_on": "2026-07-21"})
    assert after.status_code == 422
    assert after.json()["errors"] == [{"field": "received_on", "reason": "cannot be after the referral was decided"}]
    corrected = triage.put(f"/referrals/{referral['id']}/received-on", json={"received_on": "2026-06-30"})
    assert corrected.status_code == 200, corrected.text
    assert datetime.fromisoformat(corrected.json()["submitted_at"]).astimezone(clock.PARIS).date() == date(2026, 6, 30)

    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(reporting, date(2026, 6, 1), date(2026, 7, 1))["referrals_received"] == 1,
        timeout=60,
        what="the referral counted in June, its corrected month",
    )
    assert indicators(reporting, date(2026, 7, 1), date(2026, 8, 1))["referrals_received"] == 0
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    url = f"/cases/{case['id']}/activities"
    eventually(  # the case follows: an appointment on 1 July is no longer before the receipt
        lambda: (
            mediator.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": "2026-07-01"}).status_code
            == 201
        ),
        timeout=60,
        what="the case's receipt corrected",
    )
    public = tenant_a.http("referral", Role.MEDIATOR)  # a fiche sent from the public form keeps its receipt
    [sent] = [public_client(platform).post(f"/public/tenants/{tenant_a.tenant}/referrals", json=referral_body()).json()]
    refused = public.put(f"/referrals/{sent['id']}/received-on", json={"received_on": "2026-07-01"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "received_on"


def test_the_tracking_shows_the_corrected_receipt(platform, tenant_a):
    receipt = paper_fiche(tenant_a, "2026-08-10").json()
    tracking = public_client(platform)
    assert tracking.get(f"/public/tracking/{receipt['tracking_code']}").json() == {
        "status": "received",
        "since": "2026-08-10",
    }
    triage = tenant_a.http("referral", Role.MEDIATOR)
    triage.put(f"/referrals/{receipt['id']}/received-on", json={"received_on": "2026-08-03"}).raise_for_status()
    assert tracking.get(f"/public/tracking/{receipt['tracking_code']}").json()["since"] == "2026-08-03"
