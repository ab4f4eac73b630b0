"""What is coming: appointments planned on a case (date, time, place, with whom) become held (the activity
is recorded on their day) or missed (a figure of reporting); the agenda, mine or the team's; the next
appointment on the case file and in the caseload; a case closed cancels what it had planned."""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import httpx

from passerelle import clock
from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.support import eventually, indicators, page_client


def at(day, hour: int = 0, minute: int = 5) -> str:
    """A Paris wall-clock time, as a mediator types it (no time zone)."""
    return datetime.combine(day, time(hour, minute)).isoformat()


def test_a_planned_appointment_is_held_on_its_day_and_becomes_the_activity(platform, tenant_a, case, mediator):
    today, url = clock.today(), f"/cases/{case['id']}/appointments"
    planned = mediator.post(
        url,
        json={"starts_at": at(today), "place": "Centre social Mistral", "with_whom": "PASS", "duration_minutes": 30},
    )
    assert planned.status_code == 201, planned.text
    appointment = planned.json()
    assert (appointment["status"], appointment["mediator"]) == ("planned", case["assigned_to"])  # who follows it
    assert [a["id"] for a in mediator.get(f"/cases/{case['id']}").json()["planned"]] == [appointment["id"]]
    [summary] = mediator.get("/cases", params={"referral_id": case["referral_id"]}).json()["items"]
    assert summary["next_appointment_at"] is not None

    once = {"Idempotency-Key": "plan-tomorrow-10h"}
    tomorrow = mediator.post(url, json={"starts_at": at(today + timedelta(days=1), 10)}, headers=once).json()
    again = mediator.post(url, json={"starts_at": at(today + timedelta(days=1), 10)}, headers=once).json()
    assert again["id"] == tomorrow["id"]  # a repeated request plans nothing more
    early = mediator.post(f"{url}/{tomorrow['id']}/settlement", json={"status": "held"})
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "status"  # its day has not come

    held = mediator.post(f"{url}/{appointment['id']}/settlement", json={"status": "held", "comment": "Dossier C2S"})
    assert held.status_code == 200, held.text
    [activity] = mediator.get(f"/cases/{case['id']}").json()["timeline"]
    assert (activity["id"], activity["kind"], activity["occurred_on"]) == (
        held.json()["activity_id"],
        "appointment",
        today.isoformat(),
    )
    assert (activity["duration_minutes"], activity["comment"], activity["details"]["mode"]) == (
        30,
        "Dossier C2S",
        "scheduled",
    )
    again = mediator.post(f"{url}/{appointment['id']}/settlement", json={"status": "missed"})
    assert again.status_code == 409  # settled once

    moved = mediator.put(f"{url}/{tomorrow['id']}", json={"starts_at": at(today + timedelta(days=2), 14, 30)})
    assert moved.status_code == 200 and moved.json()["starts_at"].startswith((today + timedelta(days=2)).isoformat())


def test_what_cannot_be_planned_is_refused_with_its_field(platform, case, mediator):
    url, today = f"/cases/{case['id']}/appointments", clock.today()
    for body, field in (
        ({"starts_at": at(today - timedelta(days=1), 10)}, "starts_at"),  # in the past
        ({"starts_at": at(today), "kind": "accompaniment"}, "with_whom"),  # accompanied where?
        ({"starts_at": at(today), "kind": "note"}, "kind"),
        ({"starts_at": "demain"}, "starts_at"),
        ({"starts_at": at(today), "duration_minutes": 0}, "duration_minutes"),
    ):
        refused = mediator.post(url, json=body)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field, (body, refused.text)
    assert mediator.get(f"/cases/{case['id']}").json()["planned"] == []


def test_a_missed_appointment_is_counted_by_reporting_and_not_as_an_appointment(platform, tenant_a, case, mediator):
    today, url = clock.today(), f"/cases/{case['id']}/appointments"
    appointment = mediator.post(url, json={"starts_at": at(today), "kind": "accompaniment", "place": "CMP"}).json()
    mediator.post(f"{url}/{appointment['id']}/settlement", json={"status": "missed"}).raise_for_status()
    cancelled = mediator.post(url, json={"starts_at": at(today, 9)}).json()
    mediator.post(f"{url}/{cancelled['id']}/settlement", json={"status": "cancelled"}).raise_for_status()

    coordinator = tenant_a.http("reporting", Role.COORDINATOR)
    month = today.replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    figures = eventually(
        lambda: (f := indicators(coordinator, month, following))["missed_appointments"] == 1 and f,
        what="the missed appointment counted",
    )
    assert (figures["individual_appointments"], figures["physical_accompaniments"]) == (0, 0)
    assert mediator.get(f"/cases/{case['id']}").json()["timeline"] == []  # nothing happened


def test_the_agenda_is_mine_or_the_team_s_and_closing_a_case_cancels_what_it_had_planned(
    platform, tenant_a, tenant_b, case, mediator
):
    tomorrow = clock.today() + timedelta(days=1)
    url = f"/cases/{case['id']}/appointments"
    mine = mediator.post(url, json={"starts_at": at(tomorrow, 9)}).json()
    theirs = mediator.post(url, json={"starts_at": at(tomorrow, 11), "mediator": "someone-else"}).json()
    window = {"from": tomorrow.isoformat(), "days": 1}
    assert [a["id"] for a in mediator.get("/appointments", params=window).json()] == [mine["id"]]
    team = mediator.get("/appointments", params=window | {"team": True}).json()
    assert [a["id"] for a in team] == [mine["id"], theirs["id"]] and team[0]["last_name"] == "Durand"

    other = tenant_b.http("cases", Role.MEDIATOR)
    assert other.get("/appointments", params=window | {"team": True}).json() == []  # another tenant's agenda
    assert other.post(url, json={"starts_at": at(tomorrow, 9)}).status_code == 404

    mediator.post(f"/cases/{case['id']}/close", json={"outcome": "improved"}).raise_for_status()
    assert mediator.get("/appointments", params=window | {"team": True}).json() == []  # cancelled with the closure
    refused = mediator.post(url, json={"starts_at": at(tomorrow, 9)})
    assert refused.status_code == 409


def test_planning_from_the_case_file_shows_it_there_in_the_caseload_and_in_the_agenda(platform, tenant_a):
    case = open_case(tenant_a)
    pages = page_client(platform, tenant_a)
    today, tomorrow = clock.today(), clock.today() + timedelta(days=1)
    plan = f"/cases/accompagnements/{case['id']}/rendez-vous"

    missing = pages.post(plan, data={"kind": "appointment", "place": "Maison des Habitants"})
    assert missing.status_code == 422
    text = html.unescape(missing.text)
    assert 'id="plan-day-error"' in text and 'id="plan-time-error"' in text and "Maison des Habitants" in text
    past = pages.post(
        plan, data={"kind": "appointment", "day": (today - timedelta(days=1)).isoformat(), "time": "10:00"}
    )
    assert past.status_code == 422 and "Un rendez-vous se prévoit aujourd'hui ou plus tard" in html.unescape(past.text)
    nowhere = pages.post(plan, data={"kind": "accompaniment", "day": tomorrow.isoformat(), "time": "10:00"})
    assert nowhere.status_code == 422 and 'id="plan-with_whom-error"' in nowhere.text

    form = {"kind": "appointment", "day": tomorrow.isoformat(), "time": "14:30", "place": "Maison des Habitants"}
    done = pages.post(plan, data=form | {"cle_envoi": "rdv-page-1-0123"})
    assert done.status_code == 303 and done.headers["location"].endswith("#appointments")
    assert pages.post(plan, data=form | {"cle_envoi": "rdv-page-1-0123"}).status_code == 303  # a second tap
    assert len(tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["planned"]) == 1
    file = html.unescape(pages.get(f"/cases/accompagnements/{case['id']}").text)
    assert "Rendez-vous à venir" in file and "à 14:30" in file and "Maison des Habitants" in file
    caseload = pages.get("/cases/accompagnements").text
    assert f"{tomorrow:%d/%m/%Y} à 14:30" in caseload

    week = html.unescape(
        pages.get("/cases/agenda", params={"jour": tomorrow.isoformat(), "vue": "semaine", "equipe": "1"}).text
    )
    assert "Agenda de l'équipe" in week and "Durand Aline" in week and "14:30" in week

    # an appointment of today is said held, or not, from the agenda; one whose day passed is asked for
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    today_one = mediator.post(f"/cases/{case['id']}/appointments", json={"starts_at": at(today, 8)}).json()
    forgotten = mediator.post(f"/cases/{case['id']}/appointments", json={"starts_at": at(today, 7)}).json()
    platform.postgres.psql(
        f"UPDATE planned_appointments SET starts_at = starts_at - interval '3 days' WHERE id = '{forgotten['id']}'",
        "cases",
    )
    day = html.unescape(pages.get("/cases/agenda", params={"equipe": "1"}).text)
    assert 'id="to-settle"' in day and f'id="appointment-{forgotten["id"]}"' in day
    back = f"/agenda?jour={today.isoformat()}&vue=jour&equipe=1"
    said = pages.post(
        f"/cases/accompagnements/{case['id']}/rendez-vous/{today_one['id']}/issue",
        data={"status": "held", "retour": back},
    )
    assert said.status_code == 303 and said.headers["location"] == f"/cases{back}"
    elsewhere = pages.post(
        f"/cases/accompagnements/{case['id']}/rendez-vous/{forgotten['id']}/issue",
        data={"status": "missed", "retour": "https://example.org/"},
    )
    assert elsewhere.headers["location"].endswith(f"/accompagnements/{case['id']}#appointments")  # never away
    file = html.unescape(pages.get(f"/cases/accompagnements/{case['id']}").text)
    missed_on = today - timedelta(days=3)
    assert f"Non honorés : {missed_on:%d/%m/%Y}" in file and "Entretien individuel" in file


def test_the_phone_s_calendar_gets_initials_only_at_a_secret_address_that_can_be_revoked(platform, tenant_a, tenant_b):
    case = open_case(tenant_a)
    pages = page_client(platform, tenant_a)
    tomorrow = clock.today() + timedelta(days=1)
    assert pages.get("/cases/agenda").status_code == 200  # signed in: the page's person is in the roster
    roster = platform.postgres.psql(f"SELECT subject FROM team_members WHERE tenant_id = '{tenant_a.tenant}'", "cases")
    me = roster.split()[0]
    tenant_a.http("cases", Role.MEDIATOR).post(
        f"/cases/{case['id']}/appointments",
        json={
            "starts_at": at(tomorrow, 9, 15),
            "kind": "accompaniment",
            "with_whom": "Dr Lefèvre, CMP",
            "mediator": me,
        },
    ).raise_for_status()

    made = pages.post("/cases/agenda/abonnement")
    assert made.status_code == 200, made.text
    made = html.unescape(made.text)
    address = made.split('id="feed-address"')[1].split('value="')[1].split('"')[0]
    assert "/cases/agenda/flux/" in address and address.endswith(".ics")
    path = address[address.index("/cases/") :]
    anyone = httpx.Client(base_url=platform.origin, timeout=10)  # a phone: no session, no token
    feed = anyone.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Accompagnement A.D." in feed.text
    for personal in ("Durand", "Aline", "Lefèvre", "CMP", "Écoles", "0612345678"):
        assert personal not in feed.text
    assert "Une adresse est active" in html.unescape(pages.get("/cases/agenda").text)

    renewed = html.unescape(pages.post("/cases/agenda/abonnement").text)
    new_address = renewed.split('id="feed-address"')[1].split('value="')[1].split('"')[0]
    assert anyone.get(path).status_code == 404  # the former address stopped
    new_path = new_address[new_address.index("/cases/") :]
    assert anyone.get(new_path).status_code == 200
    assert pages.post("/cases/agenda/abonnement/revoquer").status_code == 303
    assert anyone.get(new_path).status_code == 404
    assert anyone.get("/cases/agenda/flux/not-a-secret.ics").status_code == 404


def test_an_erasure_empties_the_place_and_the_person_met(platform, case, mediator):
    tomorrow = clock.today() + timedelta(days=1)
    mediator.post(
        f"/cases/{case['id']}/appointments",
        json={"starts_at": at(tomorrow, 10), "place": "12 rue des Lilas", "with_whom": "Dr Lefèvre", "comment": "x"},
    ).raise_for_status()
    mediator.post(f"/cases/{case['id']}/erase").raise_for_status()
    row = platform.postgres.psql(
        f"SELECT coalesce(place, '-') || coalesce(with_whom, '-') || coalesce(comment, '-') FROM planned_appointments "
        f"WHERE case_id = '{case['id']}'",
        "cases",
    )
    assert row.strip() == "---"


def test_two_phones_saying_held_at_once_record_the_appointment_once(platform, tenant_a, case, mediator):
    url = f"/cases/{case['id']}/appointments"
    for _ in range(3):
        appointment = mediator.post(url, json={"starts_at": at(clock.today())}).json()
        settle = f"{url}/{appointment['id']}/settlement"
        phones = [tenant_a.http("cases", Role.MEDIATOR) for _ in range(2)]
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda phone: phone.post(settle, json={"status": "held"}).status_code, phones))
        assert sorted(answers) == [200, 409]
    assert len(mediator.get(f"/cases/{case['id']}").json()["timeline"]) == 3
