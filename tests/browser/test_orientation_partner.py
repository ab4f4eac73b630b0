"""On a phone, a mediator orients a person to a partner: typing part of its name, in any spelling, offers
the directory's structures (the tenant's and the shared ones); choosing one names it."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from passerelle.auth import Role
from tests.cases.conftest import open_case
from tests.cases.test_orientation_partners import CCAS, register
from tests.signing_in import sign_in_with_browser


def test_the_directory_is_offered_as_the_mediator_types(platform, tenant_a, tenant_b, page, screenshot):
    ccas = register(tenant_a, CCAS)
    town = f"Bessèges-{uuid.uuid4().hex[:6]}"  # other tests' tenants share their partners too
    shared = register(tenant_b, {**CCAS, "name": f"PASS de l'hôpital de {town}", "type": "health"}, shared=True)
    case = open_case(tenant_a)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_with_browser(page, platform.origin, *tenant_a.user(Role.MEDIATOR))
    page.goto(f"{platform.origin}/cases/accompagnements/{case['id']}")

    page.locator("summary", has_text="Orientation vers un partenaire").click()
    form = page.locator("#form-orientation")
    form.locator("#orientation-partner_type").select_option("social_worker")
    form.locator("#orientation-partner_name").press_sequentially(f"hopital {town.replace('è', 'e')}", delay=30)
    expect(form.get_by_label(shared["name"])).to_be_visible()  # accents aside, another's shared
    expect(form.locator(".partner-choices")).to_contain_text("annuaire partagé")
    form.locator("#orientation-partner_name").fill("")
    form.locator("#orientation-partner_name").press_sequentially("ccas ale", delay=30)
    form.get_by_label("CCAS d'Alès — Alès", exact=True).check()
    screenshot("orientation-annuaire")
    form.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".activity[data-kind=orientation]")).to_contain_text("CCAS d'Alès")

    timeline = tenant_a.http("cases", Role.MEDIATOR).get(f"/cases/{case['id']}").json()["timeline"]
    [orientation] = [a for a in timeline if a["kind"] == "orientation"]
    assert orientation["details"]["partner_id"] == ccas["id"]
    assert shared["id"] != ccas["id"]
