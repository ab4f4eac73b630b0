"""On a phone, a mediator sees from any page that a referral waits, and finds a person from the
navigation's « Rechercher »: their case file and their referral, each saying what it is."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.signing_in import sign_in_with_browser
from tests.support import referral_body


def test_a_mediator_finds_a_person_on_the_phone(platform, tenant_a, page, screenshot):
    case = open_case(tenant_a)
    tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    # a new referral noticed from any page: its count beside the menu on a phone
    expect(page.locator("#account-menu summary .navigation-count")).to_have_text("1 à trier")
    page.get_by_text("Menu", exact=True).click()  # on a phone, the pages' links are in the menu
    page.get_by_role("link", name="Rechercher").click()
    page.get_by_label("Nom, prénom, date de naissance ou téléphone").fill("durand alinne")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("[data-kind=case]")).to_contain_text("Dossier en cours")
    referrals = page.locator("[data-kind=referral]")  # loaded beside: hers, and the new one, a likely duplicate
    expect(referrals).to_have_count(2)
    expect(referrals.filter(has_text="Orientation acceptée")).to_contain_text("doublon probable")
    screenshot("recherche")
    page.locator("[data-kind=case] a").click()
    assert page.url.endswith(f"/accompagnements/{case['id']}")
