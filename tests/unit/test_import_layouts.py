"""The import's layouts: documented column by column, read as people write them, refused in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.entrypoints.imports import ACTIVITIES, CASES
from outreach.entrypoints.imports import ACTIONS, PARTNERS
from passerelle.imports.layouts import RowError
from passerelle.imports.tables import UnreadableFile, read_table

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "imports.md").read_text()


@pytest.mark.parametrize("layout", [CASES, ACTIVITIES, ACTIONS, PARTNERS], ids=lambda layout: layout.name)
def test_every_column_is_documented_and_in_the_template(layout):
    for column in layout.columns:
        assert f"| {column.header} |" in DOCS, column.header
    template = read_table(f"modele-{layout.name}.csv", layout.template_csv())
    assert list(template[0][1]) == [c.header for c in layout.columns] and template[0][0] == 2


def test_cells_are_read_as_people_write_them():
    fields, errors = ACTIVITIES.fields_of(
        7, {"Type": "entretien individuel", "Date": "03/02/2022", "Modalité": "phone", "Identifiant du dossier": "D-1"}
    )
    assert errors == [] and fields == {
        "kind": "appointment",
        "occurred_on": "2022-02-03",
        "mode": "phone",
        "case_key": "D-1",
    }
    _, errors = ACTIVITIES.fields_of(8, {"Type": "Entretien", "Date": "31/02/2022"})
    assert [str(e) for e in errors] == [
        "ligne 8, type : valeur inconnue ; valeurs possibles : « Entretien individuel », "
        "« Démarche d'accès aux droits », « Accompagnement physique », « Orientation vers un partenaire », "
        "« Rendez-vous médical pris », "
        "« Réunion de coordination », « Note »",
        "ligne 8, date : date illisible (31/12/2025 ou 2025-12-31)",
    ]
    assert str(RowError(3, "", "Ce champ est obligatoire.")) == "ligne 3 : ce champ est obligatoire"


def test_a_csv_from_a_french_spreadsheet_and_a_file_that_is_not_a_table():
    rows = read_table("export.csv", "Nom;Prénom\r\nDurand;Aline\r\n;\r\nRoux;Léa\r\n".encode("cp1252"))
    assert rows == [(2, {"Nom": "Durand", "Prénom": "Aline"}), (4, {"Nom": "Roux", "Prénom": "Léa"})]
    with pytest.raises(UnreadableFile, match="xlsx"):
        read_table("photo.jpg", b"\xff\xd8")
    with pytest.raises(UnreadableFile, match="abîmé"):
        read_table("faux.xlsx", b"PK not a zip")
