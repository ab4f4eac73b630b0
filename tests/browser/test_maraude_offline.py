"""A maraude without network: the form is there all the same (its service worker), three actions typed
in the street are kept on the phone with their creation keys, and sent once when the network is back;
one the server refuses is shown with the reason, to be corrected."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Route, expect

from passerelle.auth import Role
from tests.signing_in import sign_in_with_browser

STREET = [("street_outreach", "Alès", "7"), ("drop_in", "Bessèges", "4"), ("street_outreach", "Anduze", "11")]


def test_three_actions_typed_offline_are_recorded_once_when_the_network_is_back(platform, tenant_a, page):
    origin = platform.origin
    api = tenant_a.http("outreach", Role.MEDIATOR)
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers/nouvelle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # installed: the form is kept

    offline(page.context)
    page.reload()  # no network: the service worker serves the form
    expect(page.get_by_role("heading", name="Enregistrer une action")).to_be_visible()
    keys = set()
    for count, (kind, commune, met) in enumerate(STREET, start=1):
        page.select_option("#kind", kind)
        page.fill("#commune", commune)
        page.fill("#people_met", met)
        keys.add(page.locator("input[name=cle_envoi]").input_value())
        page.locator("#save-action").click()
        expect(page.locator("#offline-status")).to_contain_text(f"{count} action")
        expect(page.locator("#commune")).to_have_value("")  # ready for the next one
    assert len(keys) == 3  # each its own creation key
    page.reload()  # the form shown again without network: still three waiting, and a fourth
    expect(page.locator("#offline-status")).to_contain_text("3 actions gardées sur ce téléphone")
    page.select_option("#kind", "street_outreach")
    page.fill("#people_met", "2")
    page.fill("#people_redirected", "5")  # more redirected than met: the server refuses it
    page.fill("#commune", "Saint-Ambroix")
    page.locator("#save-action").click()
    expect(page.locator("#offline-status")).to_contain_text("4 actions")
    assert api.get("/actions").json()["items"] == []  # nothing reached the server

    kept = page.evaluate("passerelleQueue.entries()")
    online(page.context)  # the `online` event: the page sends what waits
    expect(page.locator("#offline-status")).to_be_hidden()
    refused = page.locator("#offline-refused")
    expect(refused).to_contain_text("Saint-Ambroix")
    expect(refused).to_contain_text("Pas plus de personnes réorientées que de personnes rencontrées")
    recorded = api.get("/actions").json()["items"]
    assert sorted((a["commune"], a["people_met"]) for a in recorded) == [("Alès", 7), ("Anduze", 11), ("Bessèges", 4)]

    page.evaluate("(kept) => Promise.all(kept.map((entry) => passerelleQueue.keep(entry)))", kept)
    page.evaluate("passerelleQueue.send()")  # sent a second time (the worker and the page at once)
    assert len(api.get("/actions").json()["items"]) == 3  # once

    refused.get_by_role("button", name="Corriger").click()  # back in the form, with its reason gone
    expect(refused).to_be_hidden()
    expect(page.locator("#commune")).to_have_value("Saint-Ambroix")
    page.fill("#people_redirected", "1")
    page.locator("#save-action").click()
    expect(page.locator("#done")).to_have_text("Action enregistrée.")
    assert len(api.get("/actions").json()["items"]) == 4


def test_an_entry_kept_offline_is_never_recorded_in_another_persons_name(platform, tenant_a, page):
    origin = platform.origin
    sign_in_with_browser(page, origin, *tenant_a.user(Role.MEDIATOR), next="/outreach/aller-vers/nouvelle")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    offline(page.context)
    page.select_option("#kind", "drop_in")
    page.fill("#people_met", "3")
    page.locator("#save-action").click()
    expect(page.locator("#offline-status")).to_contain_text("1 action")
    page.context.clear_cookies()  # the session ended before the network came back
    online(page.context)
    expect(page.locator("#offline-status")).to_contain_text("1 action")  # it waits for the next sign-in
    # another person signs in on this browser before its author did
    sign_in_with_browser(page, origin, *tenant_a.user(Role.COORDINATOR), next="/outreach/aller-vers/nouvelle")
    expect(page.locator("#offline-status")).to_be_hidden()  # theirs is not shown to them
    assert page.evaluate("passerelleQueue.send()") == "sent"  # all of them, as the worker sends
    assert tenant_a.http("outreach", Role.MEDIATOR).get("/actions").json()["items"] == []
    assert len(page.evaluate("passerelleQueue.entries()")) == 1  # it waits for its author


def offline(context: BrowserContext) -> None:
    """No network, for the pages and for their service worker (whose requests Playwright's offline
    mode does not reach: PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, tests/browser/conftest.py).
    Every request that reaches the network is cut, whoever sends it: a page's request the offline
    emulation let through once, in CI, reached the server (what a service worker answers from its cache
    never reaches the network, so the form is still served)."""
    context.set_offline(True)
    context.route("**/*", _cut)


def online(context: BrowserContext) -> None:
    context.unroute("**/*", _cut)
    context.set_offline(False)


def _cut(route: Route) -> None:
    route.abort("internetdisconnected")
