"""A territory's spreadsheets imported: checked row by row first (errors by line and column, in French,
nothing stored), applied in the background once confirmed, through the same rules as the pages, and
never twice."""

from __future__ import annotations

import io
import re
import signal
from datetime import date, timedelta

from openpyxl import Workbook

from passerelle.auth import Role
from tests.support import eventually, import_settled, indicators, page_client, uploaded

CASES_HEADER = "Identifiant du dossier;Nom;Prénom;Date de naissance;Code postal;Ouvert le;Clôturé le;Issue"
ACTIVITIES_HEADER = "Identifiant du dossier;Type;Date;Modalité;Structure;Type de partenaire;Commentaire"


def csv_file(*lines: str) -> bytes:
    return "\r\n".join(lines).encode("utf-8")


def test_a_file_with_errors_is_reported_by_line_and_column_and_nothing_is_stored(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    content = csv_file(
        CASES_HEADER,
        "D-1;Martin;Paul;12/04/1961;30100;03/03/2022;30/09/2022;Situation améliorée",
        "D-2;Roux;Léa;12/04/2990;30100;03/03/2022;;",
        "D-3;Vidal;Jean;1970-01-02;30100;10/03/2022;01/03/2022;Heureuse",
        "D-4;Blanc;Ana;02/02/1980;30100;10/03/2022;01/03/2022;Perdu de vue",
    )
    job = uploaded(browser, "cases", "dossiers", "dossiers.csv", content)
    page = import_settled(browser, "cases", job, "erreurs à corriger")
    errors = [re.sub(r"<[^>]+>", "", e) for e in re.findall(r"<li>(.*?)</li>", page.split('id="errors"')[1])]
    assert errors == [
        "ligne 3, date de naissance : la date de naissance ne peut pas être dans le futur",
        "ligne 4, issue : valeur inconnue ; valeurs possibles : « Situation améliorée », « Situation non améliorée », "
        "« Perdu de vue », « Relayé (DAC, autre service) », « Déménagement »",
        "ligne 5, clôturé le : la clôture ne peut pas précéder l&#39;ouverture",
    ], errors
    assert 'id="confirm"' not in page
    assert browser.post(f"/cases/import/{job}/confirmer").status_code == 303
    assert "erreurs à corriger" in browser.get(f"/cases/import/{job}").text  # not applied
    assert tenant_a.http("cases", Role.MEDIATOR).get("/cases", params={"status": "closed"}).json()["total"] == 0
    wrong = uploaded(browser, "cases", "dossiers", "autre.csv", csv_file("Nom;Prénom;Couleur", "Martin;Paul;bleu"))
    page = import_settled(browser, "cases", wrong, "à corriger")
    assert "ligne 1, identifiant du dossier : colonne absente du fichier" in page
    assert "ligne 1, couleur : colonne inconnue de ce modèle" in page


def test_case_files_then_their_activities_are_imported_once_and_counted_on_their_days(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    template = browser.get("/cases/import/modele/dossiers.csv")
    assert template.status_code == 200 and template.text.lstrip("\ufeff").startswith("Identifiant du dossier;Nom;")
    sheet = Workbook()
    sheet.active.append(CASES_HEADER.split(";"))
    sheet.active.append(
        [
            "R-1",
            "Martin",
            "Paul",
            date(1961, 4, 12),
            "30100",
            date(2021, 3, 3),
            date(2021, 9, 30),
            "Situation améliorée",
        ]
    )
    sheet.active.append(["R-2", "Roux", "Léa", "04/05/1990", "30100", "2021-06-01", None, None])
    workbook = io.BytesIO()
    sheet.save(workbook)
    job = uploaded(browser, "cases", "dossiers", "reseda-dossiers.xlsx", workbook.getvalue())
    page = import_settled(browser, "cases", job, "Vérifié : à confirmer")
    assert "2 lignes à créer" in page
    browser.post(f"/cases/import/{job}/confirmer")
    import_settled(browser, "cases", job, "Importé le")
    mediator = tenant_a.http("cases", Role.MEDIATOR)
    [closed] = mediator.get("/cases", params={"name": "Martin"}).json()["items"]
    case = mediator.get(f"/cases/{closed['id']}").json()
    assert (case["opened_on"], case["closed_on"], case["closure_outcome"]) == ("2021-03-03", "2021-09-30", "improved")

    activities = csv_file(
        ACTIVITIES_HEADER,
        "R-1;Entretien individuel;15/03/2021;Permanence sans rendez-vous;;;premier entretien",
        "R-1;Orientation vers un partenaire;02/04/2021;;CCAS d'Alès;Travailleur social;",
        "R-1;Entretien individuel;15/10/2021;Par téléphone;;;après la clôture",
        "R-9;Note;15/03/2021;;;;dossier absent",
        "R-2;Entretien individuel;01/07/2021;scheduled;;;",
    )
    job = uploaded(browser, "cases", "activites", "activites.csv", activities)
    page = import_settled(browser, "cases", job, "erreurs à corriger")
    assert "ligne 4, date : le dossier a été clos avant ce jour" in page
    assert "ligne 5, identifiant du dossier : dossier inconnu : importez d&#39;abord les dossiers" in page
    fixed = csv_file(*activities.decode().split("\r\n")[:3], activities.decode().split("\r\n")[5])
    job = uploaded(browser, "cases", "activites", "activites.csv", fixed)
    import_settled(browser, "cases", job, "Vérifié : à confirmer")
    browser.post(f"/cases/import/{job}/confirmer")
    import_settled(browser, "cases", job, "Importé le")
    timeline = mediator.get(f"/cases/{closed['id']}").json()["timeline"]
    assert [a["occurred_on"] for a in timeline] == ["2021-04-02", "2021-03-15"]  # late entries of a closed case

    again = uploaded(browser, "cases", "activites", "activites.csv", fixed)  # the same file twice
    page = import_settled(browser, "cases", again, "Vérifié : à confirmer")
    assert "0 ligne à créer" in page and "3 déjà importées" in page
    browser.post(f"/cases/import/{again}/confirmer")
    import_settled(browser, "cases", again, "Importé le")
    assert len(mediator.get(f"/cases/{closed['id']}").json()["timeline"]) == 2
    reporting = tenant_a.http("reporting", Role.COORDINATOR)
    year = eventually(
        lambda: (c := indicators(reporting, date(2021, 1, 1), date(2022, 1, 1)))["individual_appointments"] == 2 and c,
        timeout=60,
        what="2021 counted",
    )
    assert year["followups_initiated"] == 2 and year["cases_closed"] == 1 and year["orientations_proposed"] == 1


def test_the_import_is_the_coordinators(platform, tenant_a):
    assert page_client(platform, tenant_a, Role.MEDIATOR).get("/cases/import").status_code == 403


def test_an_import_killed_halfway_resumes_and_makes_each_row_once(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    one_case = csv_file(CASES_HEADER, "K-1;Martin;Paul;12/04/1961;30100;03/01/2022;;")
    job = uploaded(browser, "cases", "dossiers", "k.csv", one_case)
    import_settled(browser, "cases", job, "Vérifié : à confirmer")
    browser.post(f"/cases/import/{job}/confirmer")
    import_settled(browser, "cases", job, "Importé le")
    rows = 5_000
    lines = [f"K-1;Note;{date(2022, 1, 3) + timedelta(days=n % 700):%d/%m/%Y};;;;note {n}" for n in range(rows)]
    job = uploaded(browser, "cases", "activites", "k-activites.csv", csv_file(ACTIVITIES_HEADER, *lines))
    import_settled(browser, "cases", job, "Vérifié : à confirmer")
    browser.post(f"/cases/import/{job}/confirmer")

    def applied() -> int:
        return int(platform.postgres.psql(f"SELECT done FROM import_jobs WHERE id = '{job}'", "cases") or 0)

    eventually(lambda: 0 < applied() < rows, interval=0.02, what="the import under way")
    platform.stop_service("cases", sig=signal.SIGKILL)  # a crash between two batches, or inside one
    at_kill = applied()
    platform.start_service("cases")
    platform.wait_ready("cases")
    import_settled(browser, "cases", job, "Importé le")
    assert at_kill < rows
    # the tenant's one case (its identity may be anonymised by now: its last contact is years old)
    [case] = tenant_a.http("cases", Role.MEDIATOR).get("/cases").json()["items"]
    made = platform.postgres.psql(f"SELECT count(*) FROM activities WHERE case_id = '{case['id']}'", "cases")
    announced = platform.postgres.psql(
        f"SELECT count(*) FROM outbox WHERE event_type = 'case.activity_recorded' AND tenant_id = '{tenant_a.tenant}'",
        "cases",
    )
    assert (int(made), int(announced)) == (rows, rows)  # each row once, with its one event


def test_a_file_over_20_mb_is_refused_in_french_before_it_is_read(platform, tenant_a):
    browser = page_client(platform, tenant_a, Role.COORDINATOR)
    huge = b"x" * (20 * 1024 * 1024 + 1)
    answer = browser.post("/cases/import", data={"modele": "activites"}, files={"fichier": ("gros.csv", huge)})
    assert answer.status_code == 413 and "dépasse 20 Mo" in answer.text
    fine = browser.post("/cases/import", data={"modele": "activites"}, files={"fichier": ("petit.csv", b"x" * 70_000)})
    assert fine.status_code == 422  # more than the other forms may send, read: a file that is no table
