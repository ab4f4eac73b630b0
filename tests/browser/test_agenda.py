"""On a phone, a mediator plans an appointment from the case file, finds it in the team's agenda (the day,
then the week, one day under the other), and says it was held: it becomes the case's appointment."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.signing_in import sign_in_with_browser


def test_a_mediator_plans_an_appointment_sees_it_in_the_agenda_and_says_it_was_held(
    platform, tenant_a, page, screenshot
):
    case = open_case(tenant_a)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")
    expect(page.locator("#no-appointment")).to_be_visible()

    page.locator("#form-plan summary").click()
    page.locator("#plan-kind").select_option("appointment")
    page.locator("#plan-day").fill(clock.today().isoformat())
    page.locator("#plan-time").fill("00:05")
    page.locator("#plan-place").fill("Maison des Habitants")
    page.locator("#plan-with_whom").fill("Assistante sociale du CCAS")
    screenshot("rendez-vous-prevu")
    page.get_by_role("button", name="Prévoir").click()
    planned = page.locator("#appointments .appointment")
    expect(planned).to_contain_text("à 00:05")
    expect(planned).to_contain_text("Maison des Habitants")

    page.goto(f"{platform.origin}/cases/agenda")
    page.get_by_role("link", name="L'équipe").click()
    expect(page.get_by_role("heading", name="Agenda de l'équipe")).to_be_visible()
    entry = page.locator(".appointment", has_text="Durand Aline")
    expect(entry).to_contain_text("00:05")
    screenshot("agenda-du-jour")

    page.get_by_role("link", name="Semaine").click()
    expect(page.locator(".agenda-semaine .agenda-day")).to_have_count(7)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the week runs off the phone's screen"
    screenshot("agenda-semaine")

    page.locator(".appointment", has_text="Durand Aline").get_by_role("button", name="Honoré", exact=True).click()
    expect(page.locator(".appointment", has_text="Durand Aline")).to_contain_text("Honoré")
    expect(page.get_by_role("heading", name="Agenda de l'équipe")).to_be_visible()  # back where it was said
    screenshot("rendez-vous-honore")

    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")
    expect(page.locator(".activity[data-kind=appointment]")).to_contain_text("Entretien individuel")
    expect(page.locator("#no-appointment")).to_be_visible()

    tomorrow = clock.today() + timedelta(days=1)
    page.goto(f"{platform.origin}/cases/agenda?jour={tomorrow.isoformat()}&equipe=1")
    expect(page.locator(".agenda-empty")).to_be_visible()


def test_a_mediator_plans_a_weekly_drop_in_on_the_outreach_calendar(platform, tenant_a, page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/outreach/calendrier")
    page.locator("#plan-series summary").click()
    first = clock.today() + timedelta(days=2)
    page.locator("#series-kind").select_option("drop_in")
    page.locator("#series-first").fill(first.isoformat())
    page.locator("#series-until").fill((first + timedelta(weeks=5)).isoformat())
    page.locator("#series-start_time").fill("09:30")
    page.locator("#series-duration_minutes").fill("150")
    page.locator("#series-neighbourhood").fill("Mistral")
    page.get_by_role("button", name="Prévoir la série").click()
    expect(page.locator("#series-planned")).to_contain_text("6 séances")
    day = page.locator(".agenda-day", has_text="Mistral")
    expect(day).to_contain_text("09:30–12:00 · Permanence")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("calendrier-semaine")
    page.get_by_role("link", name="Semaine suivante").click()
    expect(page.locator(".agenda-day", has_text="Mistral")).to_contain_text("prévue")
