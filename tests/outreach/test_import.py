"""Outreach actions and partners kept in spreadsheets, imported once, counted on their own days."""

from __future__ import annotations

from datetime import date

from passerelle.auth import Role
from tests.support import eventually, import_settled, indicators, page_client, uploaded

ACTIONS = "Identifiant de l'action;Type;Date;Commune;Personnes rencontrées;dont réorientées;Thèmes"


def csv_file(*lines: str) -> bytes:
    return "\r\n".join(lines).encode("utf-8")


def test_past_actions_are_checked_then_imported_once_and_counted_on_their_days(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    rows = [
        ACTIONS,
        "M-1;Maraude;14/06/2022;Alès;12;2;Nutrition, Santé mentale",
        "M-2;Permanence;2022-09-05;Alès;8;0;",
        "M-3;Action collective;05/10/2022;Alès;3;5;",
        "M-4;Pique-nique;05/10/2022;Alès;3;0;",
    ]
    job = uploaded(browser, "outreach", "actions", "actions.csv", csv_file(*rows))
    page = import_settled(browser, "outreach", job, "erreurs à corriger")
    assert "ligne 4 : pas plus de personnes réorientées que de personnes rencontrées" in page
    assert "ligne 5, type : valeur inconnue" in page
    fixed = csv_file(*rows[:3])
    job = uploaded(browser, "outreach", "actions", "actions.csv", fixed)
    assert "2 lignes à créer" in import_settled(browser, "outreach", job, "Vérifié : à confirmer")
    browser.post(f"/outreach/import/{job}/confirmer")
    import_settled(browser, "outreach", job, "Importé le")
    again = uploaded(browser, "outreach", "actions", "actions-bis.csv", fixed)
    assert "2 déjà importées" in import_settled(browser, "outreach", again, "Vérifié : à confirmer")
    imported = tenant_a.http("outreach", Role.MEDIATOR).get("/actions").json()["items"]
    assert sorted((a["occurred_on"], a["people_met"], a["themes"]) for a in imported) == [
        ("2022-06-14", 12, ["nutrition", "mental_health"]),
        ("2022-09-05", 8, []),
    ]
    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    eventually(
        lambda: indicators(reporting, date(2022, 1, 1), date(2023, 1, 1))["persons_received"] == 20,
        timeout=60,
        what="2022 counted",
    )


def test_partners_are_imported_once_each(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    partners = csv_file(
        "Nom;Type;Commune;Partagé avec le département",
        "CCAS d'Alès;Social;Alès;non",
        "Maison de santé du Pont;health;Alès;oui",
        "ccas d'alès;Social;Alès;",
    )
    job = uploaded(browser, "outreach", "partenaires", "annuaire.csv", partners)
    import_settled(browser, "outreach", job, "Vérifié : à confirmer")
    browser.post(f"/outreach/import/{job}/confirmer")
    page = import_settled(browser, "outreach", job, "Importé le")
    assert "2 lignes importées" in page and "1 déjà présente" in page  # the CCAS written twice is one partner
    listed = tenant_a.http("outreach", Role.MEDIATOR).get("/partners").json()
    names = sorted(p["name"] for p in listed if p["ours"])  # (other tenants share theirs too)
    assert names == ["CCAS d'Alès", "Maison de santé du Pont"]
