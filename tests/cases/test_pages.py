"""The case pages through the reverse proxy: another tenant gets a French 404; reads are logged."""

from __future__ import annotations

from passerelle.auth import Role
from tests.support import page_client as browser


def test_another_tenant_gets_a_french_404_on_every_case_page_and_action(platform, case, tenant_b):
    other = browser(platform, tenant_b, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    for path in (base, f"{base}/export"):
        answer = other.get(path)
        assert answer.status_code == 404 and "Introuvable" in answer.text and "Durand" not in answer.text
    for path, form in (
        (f"{base}/activites", {"kind": "note", "occurred_on": "2026-02-03", "comment": "x"}),
        (f"{base}/cloturer", {"outcome": "improved"}),
        (f"{base}/rouvrir", {}),
    ):
        assert other.post(path, data=form).status_code == 404, path
    assert "Durand" not in other.get("/cases/accompagnements").text


def test_reading_the_case_page_is_logged_and_the_journal_is_for_coordinators(platform, tenant_a, case):
    browser(platform, tenant_a, Role.MEDIATOR).get(f"/cases/accompagnements/{case['id']}").raise_for_status()
    entries = tenant_a.http("cases", Role.COORDINATOR).get(f"/cases/{case['id']}/access-log").json()
    mediator = platform.keycloak_admin.find_user(tenant_a.user(Role.MEDIATOR)[0])  # the provider's subject
    assert entries[0]["action"] == "read" and entries[0]["by"] == mediator
    journal = browser(platform, tenant_a, Role.COORDINATOR).get("/cases/journal")
    assert journal.status_code == 200 and "Consultation" in journal.text
    assert browser(platform, tenant_a, Role.MEDIATOR).get("/cases/journal").status_code == 403


def test_an_activity_form_error_is_shown_in_french_next_to_its_field(platform, tenant_a, case):
    answer = browser(platform, tenant_a, Role.MEDIATOR).post(
        f"/cases/accompagnements/{case['id']}/activites", data={"kind": "appointment", "occurred_on": "2999-01-01"}
    )
    assert answer.status_code == 422
    assert 'id="appointment-mode-error">Ce champ est obligatoire.' in answer.text
    assert 'id="appointment-occurred_on-error">' in answer.text


def test_barriers_deletion_and_erasure_from_the_pages(platform, tenant_a, case, mediator):
    activity = mediator.post(
        f"/cases/{case['id']}/activities", json={"kind": "note", "occurred_on": "2026-02-03", "comment": "À rappeler"}
    ).json()
    pages = browser(platform, tenant_a, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    assert pages.post(f"{base}/freins", data={"barriers": ["no_gp", "language"]}).status_code == 303
    assert pages.post(f"{base}/activites/{activity['id']}/supprimer").status_code == 303
    after = mediator.get(f"/cases/{case['id']}").json()
    assert after["barriers"] == ["no_gp", "language"] and after["timeline"] == []
    assert pages.post(f"{base}/effacer").status_code == 303
    assert mediator.get(f"/cases/{case['id']}").json()["last_name"] is None


def test_the_export_page_shows_every_detail_in_french_with_french_dates(platform, tenant_a, case, mediator):
    url = f"/cases/{case['id']}"
    procedure = mediator.post(
        f"{url}/activities", json={"kind": "procedure", "scheme": "AME", "channel": "LUP", "occurred_on": "2026-02-03"}
    ).json()
    mediator.post(
        f"{url}/activities/{procedure['id']}/procedure-status", json={"status": "submitted", "changed_on": "2026-02-10"}
    ).raise_for_status()
    page = browser(platform, tenant_a, Role.MEDIATOR).get(f"/cases/accompagnements/{case['id']}/export").text
    assert "Dossier déposé le 10/02/2026" in page and "Commencée le 03/02/2026" in page
    assert "Ligne urgence précarité (CPAM)" in page  # the channel, in words
    assert "2026-02-10" not in page


def test_a_saved_activity_opens_the_case_file_where_it_is_and_says_it_was_saved(platform, tenant_a, case, mediator):
    pages = browser(platform, tenant_a, Role.MEDIATOR)
    base = f"/cases/accompagnements/{case['id']}"
    saved = pages.post(f"{base}/activites", data={"kind": "note", "occurred_on": "2026-02-03", "comment": "Vu"})
    [note] = mediator.get(f"/cases/{case['id']}").json()["timeline"]
    assert saved.status_code == 303 and saved.headers["location"].endswith(
        f"?enregistre={note['id']}#activity-{note['id']}"
    )
    page = pages.get(saved.headers["location"]).text
    article = page[page.index(f'id="activity-{note["id"]}"') :]
    article = article[: article.index("</article>")]
    assert 'id="saved">Enregistré.' in article
    assert article.index("Corriger ou supprimer") < article.index(">Supprimer</button>")  # behind a menu
    deleted = pages.post(f"{base}/activites/{note['id']}/supprimer")
    assert deleted.status_code == 303 and "#activity-" not in deleted.headers["location"]
