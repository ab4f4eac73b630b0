"""On a phone, a mediator reads why the person was referred and corrects what was wrong: the person's new
phone number, an activity entered with the wrong modality."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.signing_in import sign_in_with_browser


def test_a_mediator_reads_the_referral_and_corrects_the_phone_and_an_activity(platform, tenant_a, page, screenshot):
    case = open_case(tenant_a)
    tenant_a.http("cases", Role.MEDIATOR).post(
        f"/cases/{case['id']}/activities",
        json={"kind": "appointment", "mode": "drop_in", "occurred_on": clock.today().isoformat()},
    ).raise_for_status()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")

    why = page.locator("#referral-context")
    expect(why).to_contain_text("N'a plus de médecin traitant depuis 2 ans.")
    expect(why).to_contain_text("Dr Martin")
    expect(page.get_by_text("Freins repérés : Numérique, Isolement")).to_be_visible()  # from the fiche

    page.locator("#identity summary").click()
    page.locator("#identity-phone").fill("07 11 22 33 44")
    page.get_by_role("button", name="Enregistrer les corrections").click()
    expect(page.get_by_text("07 11 22 33 44")).to_be_visible()
    expect(page.locator(".identity-correction")).to_contain_text("téléphone")

    activity = page.locator(".activity[data-kind=appointment]")
    activity.locator("summary", has_text="Corriger ou supprimer").click()
    activity.locator("#c1-mode").select_option("phone")
    activity.get_by_role("button", name="Enregistrer la correction").click()
    activity = page.locator(".activity[data-kind=appointment]")
    expect(activity).to_contain_text("Par téléphone")
    expect(activity).to_contain_text("corrigée")
    screenshot("dossier-corrige")
