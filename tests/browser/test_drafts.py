"""Nothing typed is lost: a form sent without network comes back filled in, with its creation key, and
is recorded once; the draft goes when the server took the form, and is another person's never."""

from __future__ import annotations

from playwright.sync_api import Error, expect

from passerelle.auth import Role
from tests.signing_in import sign_in_with_browser


def test_a_form_sent_without_network_comes_back_filled_in_and_is_recorded_once(platform, tenant_a, page):
    origin = platform.origin
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/partenaires")
    page.fill("#name", "PASS de l'hôpital d'Alès")
    page.select_option("#type", "health")
    page.fill("#commune", "Alès")
    key = page.locator("input[name=cle_envoi]").input_value()
    page.context.set_offline(True)  # no network at the moment of sending
    try:
        page.get_by_role("button", name="Ajouter").click()
        page.wait_for_load_state()
    except Error:
        pass  # the browser's own error page
    page.context.set_offline(False)
    assert tenant_a.http("outreach", Role.MEDIATOR).get("/partners").json() == []

    page.goto(f"{origin}/outreach/partenaires")  # the form again, later: as it was typed
    expect(page.locator(".draft-restored")).to_contain_text("ce que vous aviez saisi est remis ici")
    expect(page.locator("#name")).to_have_value("PASS de l'hôpital d'Alès")
    expect(page.locator("#type")).to_have_value("health")
    expect(page.locator("#commune")).to_have_value("Alès")
    expect(page.locator("input[name=cle_envoi]")).to_have_value(key)  # sent again, still once
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("cell", name="PASS de l'hôpital d'Alès")).to_be_visible()
    page.goto(f"{origin}/outreach/partenaires")
    expect(page.locator(".draft-restored")).to_have_count(0)  # taken by the server: forgotten
    expect(page.locator("#name")).to_have_value("")
    [partner] = tenant_a.http("outreach", Role.MEDIATOR).get("/partners").json()
    assert partner["name"] == "PASS de l'hôpital d'Alès"


def test_a_draft_is_its_authors_only_and_signing_out_forgets_it(platform, tenant_a, page):
    origin = platform.origin
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers/nouvelle")
    page.fill("#commune", "Bessèges")
    page.goto(f"{origin}/outreach/aller-vers/nouvelle")
    expect(page.locator("#commune")).to_have_value("Bessèges")  # a tab opened again
    page.locator("details.dropdown summary").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Vous êtes déconnecté·e")).to_be_visible()
    stored = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('passerelle-draft '))")
    assert stored == []
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers/nouvelle")
    expect(page.locator(".draft-restored")).to_have_count(0)
    page.fill("#commune", "Bessèges")  # another person on the same browser finds nothing of it
    coordinator = tenant_a.user(Role.COORDINATOR)
    page.context.clear_cookies()
    sign_in_with_browser(page, origin, *coordinator, next="/outreach/aller-vers/nouvelle")
    expect(page.locator(".draft-restored")).to_have_count(0)
    expect(page.locator("#commune")).to_have_value("")
