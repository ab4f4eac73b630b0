"""A coordinator imports a spreadsheet in the browser: the page follows the check and the import as
they go, without reloading, and says what was made."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle.auth import Role
from tests.browser.axe import violations

DOSSIERS = (
    "Identifiant du dossier;Nom;Prénom;Date de naissance;Code postal;Ouvert le;Clôturé le;Issue\r\n"
    "V-1;Martin;Paul;12/04/1961;38200;03/03/2022;30/09/2022;Situation améliorée\r\n"
    "V-2;Roux;Léa;04/05/1990;38200;01/06/2022;;\r\n"
)


def test_a_coordinator_follows_an_import_from_the_check_to_the_end(chromium, platform, tenant_a):
    tenant_a.register(name="Ville de Vienne")
    context = chromium.new_context(locale="fr-FR", bypass_csp=True, viewport={"width": 390, "height": 844})
    context.add_cookies(tenant_a.browser_cookies(Role.COORDINATOR))
    page = context.new_page()
    page.goto(f"{platform.origin}/cases/import")
    page.locator("#modele").select_option("dossiers")
    page.locator("#fichier").set_input_files(
        files=[{"name": "vienne.csv", "mimeType": "text/csv", "buffer": DOSSIERS.encode()}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#state")).to_have_text("Vérifié : à confirmer", timeout=60_000)  # followed as it goes
    expect(page.locator("#summary")).to_contain_text("2 lignes à créer")
    assert violations(page) == []  # on a phone, axe-core finds nothing critical or serious
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator("#state")).to_contain_text("Importé le", timeout=60_000)
    expect(page.locator("#summary")).to_contain_text("2 lignes importées")
    assert violations(page) == []
    page.goto(f"{platform.origin}/cases/accompagnements?statut=closed")
    expect(page.get_by_role("link", name="Martin Paul")).to_be_visible()
    context.close()
