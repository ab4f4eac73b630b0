"""During a maraude, on a phone: record the action in a few taps, then refer one person met."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.signing_in import sign_in_with_browser
from tests.support import eventually


def test_a_maraude_is_recorded_on_a_phone_and_a_person_met_is_referred(platform, tenant_a, page, screenshot):
    tenant_a.register(name="Ville de Grenoble")
    origin = platform.origin
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers")
    page.locator("#new-action").click()

    expect(page.locator("#kind")).to_have_value("")  # nothing the figures count is chosen for the mediator
    page.select_option("#kind", "street_outreach")
    page.fill("#people_met", "2")
    page.fill("#people_redirected", "3")
    page.fill("#commune", "Grenoble")
    page.locator("#save-action").click()
    expect(page.locator("#people_redirected-error")).to_contain_text("Pas plus de personnes réorientées")
    screenshot("erreur-comptage")
    page.fill("#people_met", "12")
    page.fill("#people_redirected", "2")
    page.locator("#save-action").click()
    expect(page.locator("#done")).to_have_text("Action enregistrée.")
    expect(page.locator("#people-met")).to_have_text("12")
    screenshot("maraude-enregistree")

    page.locator("#redirect").click()
    expect(page.get_by_role("heading", name="Fiche d'orientation")).to_be_visible()
    expect(page.locator("#source")).to_have_value("outreach")
    page.fill("#beneficiary-last_name", "Morel")
    page.fill("#beneficiary-first_name", "Jean")
    page.fill("#beneficiary-birth_date", "1970-05-02")
    page.fill("#beneficiary-postal_code", "38100")
    page.check("input[name=reasons][value=rights_access]")
    page.check("input[name='consent.given']")
    page.select_option("#consent-method", "oral_with_professional")  # never preselected: the referrer says how
    page.fill("#consent-recorded_by", "Médiatrice de la maraude")
    page.get_by_role("button", name="Envoyer la fiche").click()
    expect(page.get_by_role("heading", name="Fiche envoyée")).to_be_visible()
    screenshot("personne-orientee")

    [referral] = tenant_a.http("referral", Role.MEDIATOR).get("/referrals").json()["items"]
    assert (referral["last_name"], referral["source"]) == ("Morel", "outreach")
    [action] = tenant_a.http("outreach", Role.MEDIATOR).get("/actions").json()["items"]
    assert "Morel" not in str(action)  # the outreach service never holds the person


def test_a_mediator_opens_a_follow_up_for_a_person_met_and_it_counts_on_the_action(
    platform, tenant_a, page, screenshot
):
    outreach = tenant_a.http("outreach", Role.MEDIATOR)
    action = outreach.post(
        "/actions",
        json={"kind": "street_outreach", "occurred_on": clock.today().isoformat(), "people_met": 3, "commune": "Alès"},
    ).json()
    sign_in_with_browser(
        page, platform.origin, *tenant_a.user(Role.MEDIATOR), next=f"/outreach/aller-vers/{action['id']}"
    )
    page.locator("#follow-up").click()  # the mediator's own follow-up: no fiche to send to oneself
    expect(page.get_by_role("heading", name="Ouvrir un accompagnement")).to_be_visible()
    page.fill("#last_name", "Morel")
    page.fill("#first_name", "Jean")
    page.fill("#postal_code", "30100")
    page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    expect(page.locator("#birth_date-error")).to_have_text("Ce champ est obligatoire.")
    expect(page.locator("#last_name")).to_have_value("Morel")  # nothing typed is lost
    page.fill("#birth_date", "1970-05-02")
    page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    expect(page.get_by_role("heading", name="Morel Jean")).to_be_visible()  # opened at once
    screenshot("accompagnement-depuis-la-maraude")

    eventually(
        lambda: outreach.get(f"/actions/{action['id']}").json()["people_redirected"] == 1,
        what="the redirection counted on the action",
    )
    assert "Morel" not in str(outreach.get(f"/actions/{action['id']}").json())  # never the person
