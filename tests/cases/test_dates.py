"""A case's facts carry the day they happened, given by whoever enters them, apart from the moment they
were recorded: a past opening, historical closures and reopenings, late entries from paper on a closed
case, and an appointment never before the referral's receipt (the delay is never negative)."""

from __future__ import annotations

from datetime import date, timedelta

from passerelle import clock
from passerelle.auth import Role
from tests.support import eventually, indicators, page_client, referral_body


def opened_directly(mediator, on: str) -> dict:
    answer = mediator.post("/cases", json={"beneficiary": referral_body()["beneficiary"], "opened_on": on})
    assert answer.status_code == 201, answer.text
    return answer.json()


def note(mediator, case: dict, on: str):
    return mediator.post(
        f"/cases/{case['id']}/activities", json={"kind": "note", "occurred_on": on, "comment": "papier"}
    )


def test_a_case_opened_on_a_past_day_counts_in_that_month(tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    case = opened_directly(mediator, "2026-03-03")
    assert case["opened_on"] == "2026-03-03"
    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(reporting, date(2026, 3, 1), date(2026, 4, 1))["followups_initiated"] == 1,
        timeout=60,
        what="the opening counted in March, the month it happened",
    )
    assert (
        indicators(reporting, clock.today().replace(day=1), clock.today() + timedelta(days=1))["followups_initiated"]
        == 0
    )  # not in the month it was typed
    future = mediator.post(
        "/cases",
        json={"beneficiary": referral_body()["beneficiary"], "opened_on": (clock.today() + timedelta(1)).isoformat()},
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "opened_on"


def test_a_history_of_closures_and_reopenings_is_entered_with_its_dates(tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    case = opened_directly(mediator, "2020-01-06")
    url = f"/cases/{case['id']}"
    closed = mediator.post(f"{url}/close", json={"outcome": "improved", "closed_on": "2020-06-30"})
    assert closed.status_code == 200 and closed.json()["closed_on"] == "2020-06-30", closed.text
    early = mediator.post(f"{url}/reopen", json={"reopened_on": "2020-06-29"})
    assert early.status_code == 422
    assert early.json()["errors"] == [{"field": "reopened_on", "reason": "cannot be before the case was closed"}]
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert mediator.post(f"{url}/reopen", json={"reopened_on": tomorrow}).status_code == 422
    reopened = mediator.post(f"{url}/reopen", json={"reopened_on": "2021-02-01"})
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    before = mediator.post(f"{url}/close", json={"outcome": "lost_contact", "closed_on": "2021-01-15"})
    assert before.json()["errors"] == [{"field": "closed_on", "reason": "cannot be before the case was reopened"}]
    again = mediator.post(f"{url}/close", json={"outcome": "lost_contact", "closed_on": "2021-03-01"})
    assert again.status_code == 200 and again.json()["closed_on"] == "2021-03-01"
    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(reporting, date(2020, 1, 1), date(2021, 1, 1))["closed_improved"] == 1,
        timeout=60,
        what="the 2020 closure counted in 2020",
    )
    assert indicators(reporting, date(2021, 1, 1), date(2022, 1, 1))["cases_closed"] == 1


def test_a_late_entry_dated_while_the_case_was_open_is_accepted_once_it_is_closed(tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    case = opened_directly(mediator, "2026-01-05")
    url = f"/cases/{case['id']}"
    mediator.post(f"{url}/close", json={"outcome": "improved", "closed_on": "2026-03-31"}).raise_for_status()
    assert note(mediator, case, "2026-02-10").status_code == 201  # the paper fiche of February
    assert note(mediator, case, "2026-03-31").status_code == 201  # the closure's day: still open
    after = note(mediator, case, "2026-04-10")
    assert after.status_code == 409 and after.json()["current_state"] == "closed"  # reopen it first
    before = note(mediator, case, "2025-12-01")
    assert before.status_code == 422 and before.json()["errors"][0]["reason"] == "the case was not open that day"

    mediator.post(f"{url}/reopen", json={"reopened_on": "2026-05-04"}).raise_for_status()
    mediator.post(f"{url}/close", json={"outcome": "moved", "closed_on": "2026-06-30"}).raise_for_status()
    assert note(mediator, case, "2026-04-15").status_code == 422  # between two periods: it was closed
    assert note(mediator, case, "2026-02-12").status_code == 201  # the first period still takes late entries
    assert note(mediator, case, "2026-06-01").status_code == 201
    timeline = mediator.get(url).json()["timeline"]
    assert [a["occurred_on"] for a in timeline] == ["2026-06-01", "2026-03-31", "2026-02-12", "2026-02-10"]


def test_an_appointment_is_never_before_the_referrals_receipt_the_same_day_is_a_delay_of_zero(case, mediator):
    url = f"/cases/{case['id']}/activities"
    received = clock.today()  # the referral of `case` was received today
    yesterday = (received - timedelta(days=1)).isoformat()
    refused = mediator.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": yesterday})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "occurred_on", "reason": "cannot be before the referral was received"}
    ]
    same_day = mediator.post(url, json={"kind": "appointment", "mode": "phone", "occurred_on": received.isoformat()})
    assert same_day.status_code == 201, same_day.text
    corrected = mediator.put(
        f"{url}/{same_day.json()['id']}", json={"kind": "appointment", "mode": "phone", "occurred_on": yesterday}
    )
    assert corrected.status_code == 422
    assert mediator.post(url, json={"kind": "note", "occurred_on": yesterday, "comment": "appel"}).status_code == 201


def test_the_case_file_takes_late_entries_and_a_dated_reopening(platform, tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    case = opened_directly(mediator, "2026-01-05")
    mediator.post(
        f"/cases/{case['id']}/close", json={"outcome": "improved", "closed_on": "2026-03-31"}
    ).raise_for_status()
    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    page = browser.get(base).text
    assert "Saisie tardive" in page and 'max="2026-03-31"' in page
    late = browser.post(f"{base}/activites", data={"kind": "note", "occurred_on": "2026-04-02", "comment": "papier"})
    assert late.status_code == 409
    assert 'id="note-occurred_on-error">Cette date est après la clôture : rouvrez d&#39;abord le dossier.' in late.text
    assert "papier" in late.text  # what was typed comes back
    taken = browser.post(f"{base}/activites", data={"kind": "note", "occurred_on": "2026-03-02", "comment": "papier"})
    assert taken.status_code == 303
    assert 'title="Saisie le ' in browser.get(base).text
    refused = browser.post(f"{base}/rouvrir", data={"reopened_on": "2026-03-30"})
    assert refused.status_code == 422 and "la réouverture ne peut pas précéder la clôture" in refused.text
    assert browser.post(f"{base}/rouvrir", data={"reopened_on": "2026-04-01"}).status_code == 303
    reopened = mediator.get(f"/cases/{case['id']}").json()
    assert reopened["status"] == "open" and reopened["reopened_on"] == "2026-04-01"
    assert reopened["earlier_periods"] == [{"opened_on": "2026-01-05", "closed_on": "2026-03-31"}]
    assert "du\n      05/01/2026 au 31/03/2026" in browser.get(f"{base}/export").text  # the right of access tells it


def test_a_corrected_opening_or_closure_day_counts_on_the_new_day(platform, tenant_a):
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    case = opened_directly(mediator, "2026-03-03")
    url = f"/cases/{case['id']}"
    assert mediator.put(f"{url}/dates", json={"closed_on": "2026-04-10"}).status_code == 409  # not closed yet
    mediator.post(f"{url}/close", json={"outcome": "improved", "closed_on": "2026-04-10"}).raise_for_status()
    reporting = tenant_a.http("reporting", Role.COORDINATOR)

    def counted(start: date, end: date, name: str) -> int:
        return indicators(reporting, start, end)[name]

    eventually(lambda: counted(date(2026, 4, 1), date(2026, 5, 1), "cases_closed") == 1, timeout=60, what="closed")
    assert mediator.put(f"{url}/dates", json={}).status_code == 422
    after = mediator.put(f"{url}/dates", json={"opened_on": "2026-04-11"})
    assert after.json()["errors"] == [{"field": "opened_on", "reason": "cannot be after the case was closed"}]
    corrected = mediator.put(f"{url}/dates", json={"opened_on": "2026-02-20", "closed_on": "2026-05-02"})
    assert corrected.status_code == 200, corrected.text
    assert (corrected.json()["opened_on"], corrected.json()["closed_on"]) == ("2026-02-20", "2026-05-02")
    eventually(
        lambda: counted(date(2026, 5, 1), date(2026, 6, 1), "closed_improved") == 1, timeout=60, what="moved to May"
    )
    assert counted(date(2026, 4, 1), date(2026, 5, 1), "cases_closed") == 0
    assert counted(date(2026, 2, 1), date(2026, 3, 1), "followups_initiated") == 1
    assert counted(date(2026, 3, 1), date(2026, 4, 1), "followups_initiated") == 0

    browser = page_client(platform, tenant_a, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    refused = browser.post(f"{base}/dates", data={"opened_on": "2026-05-03", "closed_on": "2026-05-02"})
    assert refused.status_code == 422 and "la date ne peut pas précéder l&#39;ouverture du dossier" in refused.text
    assert browser.post(f"{base}/dates", data={"opened_on": "2026-02-21", "closed_on": "2026-05-02"}).status_code == 303
    assert "ouvert le 21/02/2026" in browser.get(base).text
