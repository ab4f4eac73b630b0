"""Every role signs in on Keycloak's own page, in a real browser, and lands where its work is; after
signing out, the back button shows nothing of the tenant; the session's end is announced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from passerelle import clock
from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.signing_in import sign_in_with_browser
from tests.support import TenantClient
from tests.test_sign_in import execute

LANDINGS = {
    Role.MEDIATOR: ("/referral/orientations", "Orientations reçues"),
    Role.COORDINATOR: ("/reporting/indicateurs", "Indicateurs"),
    Role.REFERRER: ("/referral/mes-orientations", "Mes orientations"),
    Role.OPERATOR: ("/reporting/departement", "Indicateurs du département"),
}


@pytest.mark.parametrize("role", list(LANDINGS))
def test_each_role_signs_in_on_keycloaks_page_and_lands_on_its_work(platform, tenant_a, page, screenshot, role):
    user = TenantClient(platform, None).user(role) if role == Role.OPERATOR else tenant_a.user(role)
    page.goto(f"{platform.origin}/")
    expect(page.locator("#kc-login")).to_be_visible()  # the provider's own page, in French
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    screenshot("connexion-keycloak")
    sign_in_with_browser(page, platform.origin, *user)
    path, heading = LANDINGS[role]
    expect(page).to_have_url(f"{platform.origin}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    screenshot("arrivee")


def test_after_signing_out_the_back_button_shows_nothing_of_the_tenant(platform, tenant_a, page, screenshot):
    case = open_case(tenant_a)
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")
    expect(page.get_by_text("Durand")).not_to_have_count(0)
    page.locator("details.dropdown summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Vous êtes déconnecté·e")).to_be_visible()
    page.go_back()
    page.wait_for_load_state()
    assert "Durand" not in page.content()
    screenshot("retour-apres-deconnexion")
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")
    expect(page.locator("#kc-login")).to_be_visible()  # signed out of the provider too: it asks again
    assert "Durand" not in page.content()


def test_the_end_of_the_session_is_announced_and_can_be_put_off(platform, tenant_a, page):
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers")
    execute(platform, "outreach", "UPDATE web_sessions SET ends_at = $1", clock.now() + timedelta(minutes=4))
    page.reload()
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Votre session se termine")
    page.get_by_role("button", name="Rester connecté·e").click()
    expect(warning).to_be_hidden()
    page.reload()
    expect(warning).to_be_hidden()  # the provider's session was extended (a refresh)


def test_a_form_sent_after_the_session_ended_comes_back_filled_in_after_signing_in(platform, tenant_a, page):
    case = open_case(tenant_a)
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")
    page.locator("#form-note summary").click()
    page.fill("#note-comment", "Appel de la pharmacie : ordonnance renouvelée")
    execute(platform, "cases", "DELETE FROM web_sessions")  # the session ends while the mediator types
    page.locator("#form-note button[type=submit]").click()
    # back on the case file through the provider's single sign-on, with the note as it was typed
    expect(page.locator(".draft-restored")).to_contain_text("ce que vous aviez saisi est remis ici")
    expect(page).to_have_url(f"{platform.origin}/cases/accompagnements/{case['id']}")
    expect(page.locator("#note-comment")).to_have_value("Appel de la pharmacie : ordonnance renouvelée")
    timeline = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    assert not any(a.get("comment") == "Appel de la pharmacie : ordonnance renouvelée" for a in timeline)
    page.locator("#form-note button[type=submit]").click()
    expect(page.locator(".draft-restored")).to_have_count(0)
    timeline = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    assert any(a.get("comment") == "Appel de la pharmacie : ordonnance renouvelée" for a in timeline)
    page.reload()
    expect(page.locator(".draft-restored")).to_have_count(0)  # kept no longer
