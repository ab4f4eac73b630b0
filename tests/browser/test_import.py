"""A coordinator imports a spreadsheet in the browser: the page follows the check and the import as
they go, without reloading, and says what was made."""

from __future__ import annotations

from playwright.sync_api import expect

from passerelle.auth import Role

DOSSIERS = (
    "Identifiant du dossier;Nom;Prénom;Date de naissance;Code postal;Ouvert le;Clôturé le;Issue\r\n"
    "V-1;Martin;Paul;12/04/1961;38200;03/03/2022;30/09/2022;Situation améliorée\r\n"
    "V-2;Roux;Léa;04/05/1990;38200;01/06/2022;;\r\n"
)


def test_a_coordinator_follows_an_import_from_the_check_to_the_end(platform, tenant_a, page, screenshot):
    tenant_a.register(name="Ville de Vienne")
    page.context.add_cookies(tenant_a.browser_cookies(Role.COORDINATOR))
    page.goto(f"{platform.origin}/cases/import")
    page.locator("#modele").select_option("dossiers")
    page.locator("#fichier").set_input_files(
        files=[{"name": "vienne.csv", "mimeType": "text/csv", "buffer": DOSSIERS.encode()}]
    )
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#state")).to_have_text("Vérifié : à confirmer", timeout=60_000)  # followed as it goes
    expect(page.locator("#summary")).to_contain_text("2 lignes à créer")
    screenshot("verifie")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator("#state")).to_contain_text("Importé le", timeout=60_000)
    expect(page.locator("#summary")).to_contain_text("2 lignes importées")
    screenshot("importe")
    page.goto(f"{platform.origin}/cases/accompagnements?statut=closed")
    expect(page.get_by_role("link", name="Martin Paul")).to_be_visible()
