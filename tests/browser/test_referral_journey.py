"""A professional sends a fiche d'orientation; a mediator accepts it; the case opens."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from passerelle.auth import Role
from tests.signing_in import sign_in_with_browser
from tests.support import eventually


def fill_fiche(page, *, postal_code: str) -> None:
    page.select_option("#source", "professional")
    page.fill("#referrer-name", "Dr Claire Martin")
    page.fill("#referrer-function", "médecin généraliste")
    page.fill("#referrer-structure", "Maison de santé de Saint-Ambroix")
    page.fill("#referrer-email", "claire.martin@msp-saint-ambroix.fr")  # to be told what becomes of it
    page.fill("#beneficiary-last_name", "Roux")
    page.fill("#beneficiary-first_name", "Marcel")
    page.fill("#beneficiary-birth_date", "1948-09-30")
    page.fill("#beneficiary-phone", "06 11 22 33 44")
    page.fill("#beneficiary-postal_code", postal_code)
    page.fill("#beneficiary-commune", "Saint-Ambroix")
    page.check("input[name=reasons][value=care_rupture]")
    page.check("input[name=difficulties][value=isolation]")
    page.fill("#observations", "Vit seul, n'a plus de médecin traitant depuis son départ à la retraite.")
    page.check("input[name='consent.given']")
    page.select_option("#consent-method", "oral_with_professional")
    page.fill("#consent-recorded_by", "Dr Claire Martin")


def test_a_professional_corrects_a_mistake_and_gets_a_tracking_code_then_a_mediator_accepts(
    platform, tenant_a, page, screenshot
):
    tenant_a.register(name="CPTS Entre Cèze et Gardon")
    origin = platform.origin

    page.goto(f"{origin}/referral/fiche/{tenant_a.tenant}")
    expect(page.get_by_role("heading", name="Fiche d'orientation")).to_be_visible()
    fill_fiche(page, postal_code="3050")
    screenshot("fiche-remplie")
    page.get_by_role("button", name="Envoyer la fiche").click()
    expect(page.locator("#beneficiary-postal_code-error")).to_have_text("Le code postal compte 5 chiffres.")
    expect(page.locator("#form-errors")).to_be_focused()  # the summary first, for a keyboard and a reader
    field = page.locator("#beneficiary-postal_code")
    error = page.locator("#beneficiary-postal_code-error")
    expect(field).to_have_attribute("aria-invalid", "true")
    box, under = field.bounding_box(), error.bounding_box()
    assert box and under and abs(under["x"] - box["x"]) < 2 and under["y"] > box["y"]  # right under its field
    page.locator("#form-errors a[href='#beneficiary-postal_code']").click()
    expect(page.locator("#beneficiary-postal_code")).to_be_focused()
    expect(page.locator("#beneficiary-postal_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#beneficiary-last_name")).to_have_value("Roux")  # nothing typed is lost
    screenshot("erreur-code-postal")

    page.fill("#beneficiary-postal_code", "30500")
    page.check("input[name='consent.given']")
    page.get_by_role("button", name="Envoyer la fiche").click()
    expect(page.get_by_role("heading", name="Fiche envoyée")).to_be_visible()
    code = page.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    expect(page.locator("#print-code")).to_be_visible()  # kept on paper, or sent
    assert code in (page.locator("#send-code").get_attribute("href") or "")
    screenshot("code-de-suivi")

    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/referral/orientations")
    expect(page.get_by_role("heading", name="Orientations reçues")).to_be_visible()
    screenshot("boite-de-reception")
    page.get_by_role("link", name="Roux Marcel").click()
    expect(page.get_by_text("Vit seul, n'a plus de médecin traitant")).to_be_visible()
    screenshot("orientation")
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator("#done")).to_contain_text("Orientation acceptée")
    expect(page.locator("#status")).to_have_text("Acceptée")

    referral_id = page.url.split("/orientations/")[1].split("?")[0]

    def case_listed() -> bool:
        page.goto(f"{origin}/cases/accompagnements")
        return page.locator(f"tr.case[data-referral='{referral_id}']").count() == 1

    eventually(case_listed, timeout=30, interval=0.5, what="the case in the caseload page")
    screenshot("accompagnement-ouvert")
    cases = tenant_a.http("cases", Role.MEDIATOR).get("/cases", params={"referral_id": referral_id}).json()["items"]
    assert len(cases) == 1 and cases[0]["status"] == "open"

    page.goto(f"{origin}/referral/suivi?code={code}")
    expect(page.locator("#tracking-result")).to_contain_text("Acceptée")
    told = eventually(
        lambda: [m for m in platform.mail.received() if m["To"] == "claire.martin@msp-saint-ambroix.fr"],
        what="the referrer told by mail",
    )
    assert code in told[0].get_content() and "Roux" not in told[0].get_content()
    screenshot("suivi")
