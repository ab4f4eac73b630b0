"""A mediator opens a case from the inbox and follows the person until the situation improves."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.signing_in import sign_in_with_browser
from tests.support import referral_body


def add(page, kind_label: str) -> None:
    page.locator("summary", has_text=kind_label).click()


def test_a_mediator_opens_a_case_from_the_inbox_and_closes_it_as_improved(platform, tenant_a, page, screenshot):
    tenant_a.register(name="CPTS Entre Cèze et Gardon")
    tenant_a.http("referral", Role.REFERRER).post("/referrals", json=referral_body()).raise_for_status()
    origin, today = platform.origin, clock.today().isoformat()

    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR))
    page.get_by_role("link", name="Durand Aline").click()
    page.get_by_role("button", name="Accepter").click()
    page.locator("#see-case").click()
    expect(page.get_by_role("heading", name="Durand Aline")).to_be_visible(timeout=30_000)  # opened from the event
    screenshot("dossier-ouvert")

    add(page, "Entretien individuel")
    form = page.locator("#form-appointment")
    form.locator("#appointment-mode").select_option("drop_in")
    form.locator("#appointment-duration_minutes").fill("45")
    form.get_by_role("button", name="Enregistrer").click()
    appointment = page.locator(".activity[data-kind=appointment]")
    expect(appointment).to_contain_text("Permanence sans rendez-vous")
    # back where the saved activity is, saying so; deleting it is not the first thing within reach
    appointment_id = appointment.get_attribute("id")
    assert page.url.endswith(f"#{appointment_id}")
    expect(appointment.locator("#saved")).to_have_text("Enregistré.")
    expect(appointment.locator("button, summary").first).not_to_have_text("Supprimer")
    expect(appointment.get_by_role("button", name="Supprimer")).to_be_hidden()  # behind « Corriger ou supprimer »

    add(page, "Démarche d'accès aux droits")
    form = page.locator("#form-procedure")
    form.locator("#procedure-scheme").select_option("AME")
    form.locator("#procedure-channel").select_option("standard")
    form.get_by_role("button", name="Enregistrer").click()
    procedure = page.locator(".activity[data-kind=procedure]")
    expect(procedure.locator(".procedure-status")).to_have_text("Commencée")
    procedure.locator("select[name=status]").select_option("submitted")
    procedure.get_by_role("button", name="Mettre à jour").click()
    expect(procedure.locator(".procedure-status")).to_have_text("Dossier déposé")
    procedure.locator("select[name=status]").select_option("granted")
    procedure.get_by_role("button", name="Mettre à jour").click()
    expect(procedure.locator(".procedure-status")).to_have_text("Droits ouverts")

    add(page, "Orientation vers un partenaire")
    form = page.locator("#form-orientation")
    form.locator("#orientation-partner_type").select_option("gp")
    form.get_by_role("button", name="Enregistrer").click()  # the structure is missing: said next to the field
    expect(page.locator("#orientation-partner_name-error")).to_have_text("Ce champ est obligatoire.")
    screenshot("erreur-orientation")
    form = page.locator("#form-orientation")
    form.locator("#orientation-partner_name").fill("Maison de santé de Saint-Ambroix")
    # not in the partner directory: adding it is offered as the name is typed, never done unasked
    form.get_by_label("Ajouter « Maison de santé de Saint-Ambroix » à l'annuaire").check()
    form.get_by_role("button", name="Enregistrer").click()
    orientation = page.locator(".activity[data-kind=orientation]")
    orientation.locator("select[name=outcome]").select_option("followed")
    orientation.get_by_role("button", name="Enregistrer la suite").click()
    expect(orientation.locator(".orientation-outcome")).to_have_text("Suivie")
    screenshot("parcours")

    closure = page.locator("#closure")
    closure.locator("#outcome").select_option("improved")
    closure.locator("#satisfaction").select_option("5")
    closure.get_by_role("button", name="Clôturer le dossier").click()
    expect(page.locator("#case-status")).to_have_text("Clôturé")
    expect(page.get_by_text("situation améliorée (satisfaction 5/5)")).to_be_visible()
    screenshot("dossier-cloture")

    case_id = page.url.rsplit("/", 1)[1]
    case = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case_id}").json()
    assert case["closure_outcome"] == "improved" and case["closed_on"] == today
    kinds = sorted(a["kind"] for a in case["timeline"])
    assert kinds == ["appointment", "orientation", "procedure"]
